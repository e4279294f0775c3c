package io.hagicode.imagemirror.sync.faults;

import static io.hagicode.imagemirror.sync.faults.FaultBench.SOURCE_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fault that outlasts the retries: the tag it hits fails with a reason naming the blob, the others complete, the
 * target never serves the failed tag; and the next sync resumes, uploading only the blobs the target still lacks.
 */
class ResumeAfterFailureTest {
    private static final int RETRIES = 2;
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(SOURCE_REPO, 21);

    @Test
    void aCutThatNeverHealsFailsOneTagAndTheNextSyncUploadsOnlyWhatIsMissing() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        DistributionRegistry target = bench.newTarget();
        String big = bench.bigLayer();
        // Cut mid-body once; the resume and every later read then get nothing through, so no resume can help.
        FaultRule midBody = source.when("GET", FaultProxy.blob(big)).times(1).then(Fault.cutResponseAfter(256 * 1024));
        FaultRule cut = source.when("GET", FaultProxy.blob(big)).always().then(Fault.cutResponseAfter(0));
        MirrorJob job = FaultBench.job(source.hostPort(), SOURCE_REPO, target.hostPort(), RETRIES);

        SyncReport first = FaultBench.sync(job);

        TagOutcome failed = FaultBench.outcome(first, "big");
        assertThat(failed.state()).isEqualTo(TagState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.NETWORK);
        assertThat(failed.error()).contains(big).contains("attempts");
        TargetCheck.assertCleanReason(failed.error());
        System.out.println("[reason] " + failed.error());
        assertThat(FaultBench.outcome(first, "multi").state()).isEqualTo(TagState.COPIED);
        assertThat(FaultBench.outcome(first, "small").state()).isEqualTo(TagState.COPIED);
        // One retry layer for an upload, the engine's, each attempt reading the blob again: retries + 1 reads.
        // The first read's one resume is a continuation, not a retry.
        assertThat(midBody.hits() + cut.hits()).isEqualTo(RETRIES + 2);
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures)).containsExactlyInAnyOrder("multi", "small");
        FaultBench.tally("cut that outlasts the retries", source.faultsInjected(), first);

        cut.disable();
        Set<String> bigBlobs = bench.fixtures.get("big").blobDigests();
        List<String> missing = missingOn(target, bigBlobs);
        assertThat(missing).as("the failed tag's other blobs arrived in the first sync").contains(big)
                .hasSizeLessThan(bigBlobs.size());
        int targetMark = target.accessLogMark();
        long sourceGetsBefore = source.count("GET", "/blobs/sha256:");

        SyncReport second = FaultBench.sync(job);

        assertThat(second.succeeded()).as(String.valueOf(second)).isTrue();
        assertThat(FaultBench.outcome(second, "big").state()).isEqualTo(TagState.COPIED);
        assertThat(FaultBench.outcome(second, "multi").state()).isEqualTo(TagState.UP_TO_DATE);
        List<AccessLogEntry> uploads = target.accessLogSince(targetMark).stream()
                .filter(e -> e.is("PUT") && e.path().contains("/blobs/uploads/")).toList();
        assertThat(uploads).as("blob uploads of the resumed sync").hasSize(missing.size())
                .allSatisfy(e -> assertThat(missing).anyMatch(d -> e.uri().contains(d.substring(7))));
        assertThat(source.count("GET", "/blobs/sha256:") - sourceGetsBefore).isEqualTo(missing.size());
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
    }

    private static List<String> missingOn(DistributionRegistry target, Set<String> blobs) {
        try (OciRegistryClientFactory factory = new OciRegistryClientFactory(ClientOptions.defaults());
             RegistryClient client = factory.client(target.hostPort(), Credentials.ANONYMOUS, true)) {
            Repository repo = new Repository(target.hostPort(), FaultBench.TARGET_REPO);
            return blobs.stream().filter(d -> !client.hasBlob(repo, Digest.parse(d))).toList();
        }
    }
}
