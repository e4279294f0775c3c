package io.hagicode.imagemirror.sync.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import io.hagicode.imagemirror.testkit.PushedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content that does not match its digest. On the wire once: the re-read gets good bytes and the copy completes.
 * In the source's storage (what a disk fault or a tampered registry serves every time): the copy is refused, nothing
 * of that tag's manifests reaches the target, the tag is absent there, and the reason names the digest.
 * Each test corrupts its own repository's content (distinct seeds), since storage is shared by content address.
 */
class CorruptSourceTest {
    private static final int RETRIES = 1;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures("wire/app", 51);

    @Test
    void aBlobCorruptedOnTheWireOnceIsReadAgainAndCopied() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        FaultRule corrupt = source.when("GET", FaultProxy.blob(bench.bigLayer())).then(Fault.corruptByte(300_000));

        SyncReport report = FaultBench.sync(FaultBench.job(source.hostPort(), "wire/app", target.hostPort(), RETRIES));

        assertThat(corrupt.hits()).isEqualTo(1);
        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
        FaultBench.tally("blob corrupted on the wire once", source.faultsInjected(), report);
    }

    @Test
    void aBlobCorruptInTheSourceStorageIsRefusedAndItsTagNeverReachesTheTarget() throws Exception {
        Map<String, PushedImage> fixtures = pushOwn("disk-blob/app", 52);
        PushedImage big = fixtures.get("big");
        String layer = big.manifests().get(0).layerDigests().get(1);
        flipByte(blobFile(bench.source, layer), 1000);
        DistributionRegistry target = bench.newTarget();

        SyncReport report = FaultBench.sync(FaultBench.job(bench.source.hostPort(), "disk-blob/app",
                target.hostPort(), RETRIES));

        TagOutcome failed = FaultBench.outcome(report, "big");
        assertThat(failed.state()).isEqualTo(TagState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
        assertThat(failed.error()).contains(layer);
        TargetCheck.assertCleanReason(failed.error());
        System.out.println("[reason] " + failed.error());
        assertThat(FaultBench.outcome(report, "small").state()).isEqualTo(TagState.COPIED);
        List<AccessLogEntry> writes = target.accessLog();
        assertThat(writes).as("no upload of the corrupt layer completed")
                .noneMatch(e -> e.is("PUT") && e.uri().contains(layer.substring(7)) && e.status() == 201);
        assertThat(writes).as("no manifest of big was pushed").noneMatch(e -> e.is("PUT")
                && (e.path().endsWith("/manifests/big") || e.path().endsWith(big.digest())));
        assertThat(TargetCheck.assertConsistent(target, fixtures)).containsExactlyInAnyOrder("multi", "small");
        System.out.println("[fault-tally] blob corrupt in source storage: faults=1 recovered=false failedTags=1");
    }

    @Test
    void aManifestWhoseBytesDoNotMatchItsDigestIsRefusedAndNothingOfItsTagIsPushed() throws Exception {
        Map<String, PushedImage> fixtures = pushOwn("disk-manifest/app", 53);
        PushedImage small = fixtures.get("small");
        // Still valid JSON, so only the digest check can tell.
        Files.write(blobFile(bench.source, small.digest()), "\n".getBytes(), StandardOpenOption.APPEND);
        DistributionRegistry target = bench.newTarget();

        SyncReport report = FaultBench.sync(FaultBench.job(bench.source.hostPort(), "disk-manifest/app",
                target.hostPort(), RETRIES));

        TagOutcome failed = FaultBench.outcome(report, "small");
        assertThat(failed.state()).isEqualTo(TagState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
        assertThat(failed.error()).contains(small.digest());
        TargetCheck.assertCleanReason(failed.error());
        System.out.println("[reason] " + failed.error());
        List<AccessLogEntry> writes = target.accessLog();
        assertThat(writes).as("nothing of small was written").noneMatch(e -> !e.is("GET") && !e.is("HEAD")
                && small.blobDigests().stream().anyMatch(d -> e.uri().contains(d.substring(7))));
        assertThat(writes).noneMatch(e -> e.is("PUT") && e.path().endsWith("/manifests/small"));
        assertThat(TargetCheck.assertConsistent(target, fixtures)).containsExactlyInAnyOrder("big", "multi");
        System.out.println("[fault-tally] manifest corrupt in source storage: faults=1 recovered=false failedTags=1");
    }

    private static Map<String, PushedImage> pushOwn(String repository, long seed) {
        return FaultBench.push(bench.source, repository, seed);
    }

    private static Path blobFile(DistributionRegistry registry, String digest) {
        String hex = digest.substring("sha256:".length());
        return registry.storageDir().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2))
                .resolve(hex).resolve("data");
    }

    private static void flipByte(Path file, int offset) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= (byte) 0xff;
        Files.write(file, bytes);
    }
}
