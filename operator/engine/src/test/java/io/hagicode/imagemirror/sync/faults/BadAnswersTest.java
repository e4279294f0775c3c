package io.hagicode.imagemirror.sync.faults;

import static io.hagicode.imagemirror.sync.faults.FaultBench.SOURCE_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers a real registry does not give but a broken or hostile one may: an oversized manifest, bad JSON, an unknown
 * media type, no {@code Docker-Content-Digest}, a huge tag list. The proxy puts them in front of a real source. Each
 * must end in a precise one-line reason on the tag (or the source), with the other tags unharmed.
 */
class BadAnswersTest {
    private static final int RETRIES = 1;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, 61);

    /** Makes the source announce {@code bytes} as tag {@code tag} (HEAD) and serve them by their digest (GET). */
    private static String serveAsTag(FaultProxy source, String tag, String mediaType, byte[] bytes) {
        String digest = Digest.sha256(bytes).toString();
        Map<String, String> headers = Map.of("Content-Type", mediaType, "Docker-Content-Digest", digest);
        source.when("HEAD", FaultProxy.manifest(tag)).always().then(Fault.respond(200, headers, bytes));
        source.when("GET", FaultProxy.manifest(digest)).always().then(Fault.respond(200, headers, bytes));
        return digest;
    }

    private static TagOutcome failedOnly(SyncReport report, String tag, DistributionRegistry target, FaultProxy proxy) {
        FaultBench.tally("bad answer for " + tag, proxy.faultsInjected(), report);
        TagOutcome failed = FaultBench.outcome(report, tag);
        assertThat(failed.state()).as(String.valueOf(failed)).isEqualTo(TagState.FAILED);
        TargetCheck.assertCleanReason(failed.error());
        System.out.println("[reason] " + failed.error());
        assertThat(report.targets().get(0).tags()).filteredOn(t -> !t.tag().equals(tag))
                .extracting(TagOutcome::state).containsOnly(TagState.COPIED);
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures)).doesNotContain(tag)
                .hasSize(bench.fixtures.size() - 1);
        return failed;
    }

    @Test
    void aManifestOverTheSizeBoundIsRefusedWithoutReadingItAll() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        String digest = bench.fixtures.get("big").digest();
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        // No Content-Length: the client can only find out by counting.
        source.when("GET", FaultProxy.manifest(digest)).always().then(Fault.respondWithoutLength(200,
                Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", digest), huge));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));

        TagOutcome failed = failedOnly(report, "big", target, source);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.TOO_LARGE);
        assertThat(failed.error()).contains(digest).contains(Integer.toString(4 * 1024 * 1024));
    }

    @Test
    void aManifestThatIsNotJsonIsRefusedNamingItsDigest() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        String digest = serveAsTag(source, "small", MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\": 2, \"layers\": [".getBytes(StandardCharsets.UTF_8));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));

        TagOutcome failed = failedOnly(report, "small", target, source);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE);
        assertThat(failed.error()).contains(digest).contains("not JSON");
    }

    @Test
    void aManifestOfAnUnknownMediaTypeIsPushedVerbatimAndTheTargetsRefusalIsTheReason() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        String type = "application/vnd.example.unknown.v1+json";
        String digest = serveAsTag(source, "small", type,
                ("{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"layers\":[]}").getBytes(StandardCharsets.UTF_8));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES));

        // Distribution stores only the manifest types it knows, so the verbatim copy is refused by the target.
        TagOutcome failed = failedOnly(report, "small", target, source);
        assertThat(failed.error()).contains(digest).contains("HTTP 400").contains("MANIFEST_INVALID");
    }

    @Test
    void withoutDockerContentDigestTheDigestsComeFromTheBytesAndTheCopyIsExact() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultProxy targetProxy = bench.proxy(target);
        source.when("*", "/manifests/").always().then(Fault.dropResponseHeader("Docker-Content-Digest"));
        targetProxy.when("*", "/manifests/").always().then(Fault.dropResponseHeader("Docker-Content-Digest"));
        MirrorJob job = FaultBench.job(source.hostPort(), SOURCE_REPO, targetProxy.hostPort(), RETRIES);

        SyncReport first = FaultBench.sync(job);
        SyncReport second = FaultBench.sync(job);

        assertThat(first.succeeded()).as(String.valueOf(first)).isTrue();
        assertThat(first.targets().get(0).tags()).extracting(TagOutcome::digest)
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.values().stream().map(f -> f.digest()).toList());
        assertThat(second.targets().get(0).tags()).extracting(TagOutcome::state).containsOnly(TagState.UP_TO_DATE);
        // The HEADs could not tell the digest, so the client fell back to GETs by tag.
        assertThat(source.count("GET", "/manifests/(big|multi|small)$")).isPositive();
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
        FaultBench.tally("no Docker-Content-Digest", source.faultsInjected() + targetProxy.faultsInjected(), second);
    }

    @Test
    void aTagListOverTheBoundsFailsTheSourceWithAReasonAndWritesNothing() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        StringJoiner tags = new StringJoiner("\",\"", "{\"name\":\"team/app\",\"tags\":[\"", "\"]}");
        for (int i = 0; i < 120_000; i++) {
            tags.add("t" + i);
        }
        source.when("GET", "/tags/list").times(1).then(Fault.respond(200, Map.of("Content-Type", "application/json"),
                tags.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] page = new byte[9 * 1024 * 1024];
        Arrays.fill(page, (byte) ' ');
        source.when("GET", "/tags/list").times(1).then(Fault.respond(200, Map.of("Content-Type", "application/json"),
                page));
        MirrorJob job = FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES);
        int mark = target.accessLogMark();

        SyncReport tooMany = FaultBench.sync(job);
        SyncReport tooBig = FaultBench.sync(job);

        for (SyncReport report : new SyncReport[] {tooMany, tooBig}) {
            assertThat(report.succeeded()).isFalse();
            assertThat(report.targets()).allSatisfy(t -> assertThat(t.tags()).isEmpty());
            TargetCheck.assertCleanReason(report.sourceError());
            System.out.println("[reason] " + report.sourceError());
        }
        assertThat(tooMany.sourceError()).contains("100000").contains("team/app");
        assertThat(tooBig.sourceErrorKind()).isEqualTo(RegistryErrorKind.TOO_LARGE);
        FaultBench.tally("huge tag lists", source.faultsInjected(), tooBig);
        assertThat(target.accessLogSince(mark)).noneMatch(e -> e.is("PUT") || e.is("POST") || e.is("PATCH"));
    }
}
