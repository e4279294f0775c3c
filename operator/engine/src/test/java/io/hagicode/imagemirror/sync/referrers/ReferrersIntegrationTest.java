package io.hagicode.imagemirror.sync.referrers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.oci.Tag;
import io.hagicode.imagemirror.sync.DefaultSyncEngine;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.ReferrerOutcome;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagFilter;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.sync.referrers.CosignArtifacts.SignedImage;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Referrers against real Distribution 2.8 registries, which have no referrers API (they answer 404 to
 * {@code /v2/<name>/referrers/<digest>}): the cosign tag and fallback tag paths, end to end, with skopeo as the oracle.
 * Each test signs an image of its own in a source repository of its own and mirrors it to target repositories of its
 * own on two target registries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferrersIntegrationTest {
    private final Skopeo skopeo = new Skopeo();
    private DistributionRegistry source;
    private DistributionRegistry target1;
    private DistributionRegistry target2;
    private OciRegistryClientFactory factory;
    private RegistryClient sourceClient;

    @BeforeAll
    void start() {
        Skopeo.assumeInstalled();
        source = DistributionRegistry.plain();
        target1 = DistributionRegistry.plain();
        target2 = DistributionRegistry.plain();
        factory = new OciRegistryClientFactory(ClientOptions.defaults());
        sourceClient = factory.client(source.hostPort(), Credentials.ANONYMOUS, true);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {sourceClient, factory, source, target1, target2}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private SignedImage signedImage(String path, long seed) {
        return CosignArtifacts.signedImage(source, sourceClient, path, seed);
    }

    private MirrorJob job(String sourcePath, String targetPath, TagFilter filter, ReferrerPolicy policy) {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), sourcePath), Credentials.ANONYMOUS, true);
        List<Endpoint> targets = List.of(
                new Endpoint(new Repository(target1.hostPort(), targetPath), Credentials.ANONYMOUS, true),
                new Endpoint(new Repository(target2.hostPort(), targetPath), Credentials.ANONYMOUS, true));
        return new MirrorJob("it/referrers", src, targets, filter, List.of(), 4, 1, Map.of(), List.of(), policy);
    }

    private SyncReport sync(MirrorJob job) throws InterruptedException {
        return new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job, SyncListener.NONE);
    }

    private void assertMirrored(SignedImage signed, String targetPath) {
        String sigTag = ReferrerTags.cosign(signed.subject(), ReferrerTags.Cosign.SIG).name();
        String fallbackTag = ReferrerTags.fallback(signed.subject()).name();
        for (DistributionRegistry target : List.of(target1, target2)) {
            assertThat(skopeo.inspectRawDigest(target, targetPath + ":1.0")).isEqualTo(signed.subject().toString());
            assertThat(skopeo.inspectRawDigest(target, targetPath + ":" + sigTag))
                    .isEqualTo(skopeo.inspectRawDigest(source, signed.image().repository() + ":" + sigTag))
                    .isEqualTo(signed.cosignSig().digest().toString());
            assertThat(skopeo.inspectRawDigest(target, targetPath + ":" + fallbackTag))
                    .isEqualTo(signed.index().digest().toString());
            assertThat(skopeo.inspectRawDigest(target, targetPath + "@" + signed.referrer().digest()))
                    .isEqualTo(signed.referrer().digest().toString());
        }
    }

    @Test
    void theSignatureAndTheFallbackIndexReachBothTargetsWithIdenticalDigests() throws Exception {
        SignedImage signed = signedImage("signed/app", 1301);

        SyncReport report = sync(job("signed/app", "mirror/signed", TagFilter.ALL, ReferrerPolicy.ALL));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.selectedTags()).containsExactly("1.0");
        for (TargetReport t : report.targets()) {
            assertThat(t.tags()).extracting(TagOutcome::tag).containsExactly("1.0");
            assertThat(t.referrers()).extracting(ReferrerOutcome::name).containsExactlyInAnyOrder(
                    ReferrerTags.cosign(signed.subject(), ReferrerTags.Cosign.SIG).name(),
                    ReferrerTags.fallback(signed.subject()).name(), signed.referrer().digest().toString());
            assertThat(t.referrers()).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(TagState.COPIED);
                assertThat(r.kind()).isEqualTo("referrer");
                assertThat(r.subject()).isEqualTo(signed.subject().toString());
            });
        }
        assertThat(report.totals().referrersCopied()).isEqualTo(6);
        assertMirrored(signed, "mirror/signed");
    }

    @Test
    void aTagFilterThatExcludesShaTagsStillCarriesThem() throws Exception {
        SignedImage signed = signedImage("filtered/app", 1302);
        TagFilter onlyReleases = new TagFilter(List.of(Pattern.compile("[0-9.]+")),
                List.of(Pattern.compile("sha256-.*")), null, null);

        SyncReport report = sync(job("filtered/app", "mirror/filtered", onlyReleases, ReferrerPolicy.ALL));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.selectedTags()).containsExactly("1.0");
        assertMirrored(signed, "mirror/filtered");
    }

    @Test
    void withPolicyNoneNoReferrerTravels() throws Exception {
        SignedImage signed = signedImage("unsigned-mirror/app", 1303);

        SyncReport report = sync(job("unsigned-mirror/app", "mirror/none",
                new TagFilter(List.of(Pattern.compile("[0-9.]+")), List.of(), null, null), ReferrerPolicy.NONE));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.referrers()).isEmpty());
        assertThat(target1.accessLog()).noneMatch(e -> e.is("PUT") && e.path().contains("mirror/none")
                && e.path().contains(signed.subject().hex()));
    }

    @Test
    void aSignatureAddedLaterIsCopiedByTheNextSyncWithoutRecopyingTheImage() throws Exception {
        SignedImage signed = signedImage("later/app", 1304);
        MirrorJob job = job("later/app", "mirror/later", TagFilter.ALL, ReferrerPolicy.ALL);
        assertThat(sync(job).succeeded()).isTrue();
        Repository repo = new Repository(source.hostPort(), "later/app");
        Descriptor subject = sourceClient.headManifest(repo, new Tag("1.0")).orElseThrow();
        Manifest attestation = CosignArtifacts.signature(sourceClient, repo, subject, "att-1304", false);
        sourceClient.putManifest(repo, ReferrerTags.cosign(subject.digest(), ReferrerTags.Cosign.ATT), attestation);
        int mark = source.accessLogMark();

        SyncReport report = sync(job);

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.targets()).allSatisfy(t -> {
            assertThat(t.tags()).extracting(TagOutcome::state).containsExactly(TagState.UP_TO_DATE);
            assertThat(t.referrers()).filteredOn(r -> r.state() == TagState.COPIED).extracting(ReferrerOutcome::name)
                    .containsExactly(ReferrerTags.cosign(subject.digest(), ReferrerTags.Cosign.ATT).name());
        });
        List<AccessLogEntry> phase = source.accessLogSince(mark);
        List<String> blobGets = phase.stream().filter(e -> e.is("GET") && e.isBlobRequest()).map(AccessLogEntry::path)
                .toList();
        assertThat(blobGets).as("only the new attestation's blobs are read").hasSize(2)
                .noneMatch(p -> signed.image().blobDigests().stream().anyMatch(b -> p.endsWith(b)));
        assertThat(phase.stream().filter(e -> e.is("GET") && e.isManifestRequest()).map(AccessLogEntry::path))
                .as("the only manifest GET is the new attestation's")
                .containsExactly("/v2/later/app/manifests/" + attestation.digest());
        for (DistributionRegistry target : List.of(target1, target2)) {
            assertThat(skopeo.inspectRawDigest(target, "mirror/later:"
                    + ReferrerTags.cosign(subject.digest(), ReferrerTags.Cosign.ATT).name()))
                    .isEqualTo(attestation.digest().toString());
        }
    }

    @Test
    void aSignaturePushedAloneTravelsInATargetedSyncToTargetsThatHaveItsImage() throws Exception {
        signedImage("pushed/app", 1307);
        MirrorJob job = job("pushed/app", "mirror/pushed", TagFilter.ALL, ReferrerPolicy.ALL);
        assertThat(sync(job).succeeded()).isTrue();
        Repository repo = new Repository(source.hostPort(), "pushed/app");
        Descriptor subject = sourceClient.headManifest(repo, new Tag("1.0")).orElseThrow();
        Tag sbomTag = ReferrerTags.cosign(subject.digest(), ReferrerTags.Cosign.SBOM);
        Manifest sbom = CosignArtifacts.signature(sourceClient, repo, subject, "sbom-1307", false);
        sourceClient.putManifest(repo, sbomTag, sbom);
        int mark = source.accessLogMark();

        // What a webhook for cosign's push of the SBOM tag asks for: that tag alone.
        SyncReport report = sync(job.forTags(List.of(sbomTag.name())));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.selectedTags()).as("a referrer tag is never a selected tag").isEmpty();
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.referrers())
                .filteredOn(r -> r.state() == TagState.COPIED).extracting(ReferrerOutcome::name)
                .containsExactly(sbomTag.name()));
        assertThat(source.accessLogSince(mark)).as("a targeted sync does not list the source")
                .noneMatch(e -> e.path().endsWith("/tags/list"));
        for (DistributionRegistry target : List.of(target1, target2)) {
            assertThat(skopeo.inspectRawDigest(target, "mirror/pushed:" + sbomTag.name()))
                    .isEqualTo(sbom.digest().toString());
        }
    }

    @Test
    void aSignaturePushedBeforeItsImageIsMirroredWaitsForTheImage() throws Exception {
        SignedImage signed = signedImage("early/app", 1308);
        MirrorJob job = job("early/app", "mirror/early", TagFilter.ALL, ReferrerPolicy.ALL);
        String sigTag = ReferrerTags.cosign(signed.subject(), ReferrerTags.Cosign.SIG).name();

        SyncReport report = sync(job.forTags(List.of(sigTag)));

        assertThat(report.targets()).allSatisfy(t -> assertThat(t.referrers()).isEmpty());
        assertThat(target1.accessLog()).as("no referrer is written before its subject")
                .noneMatch(e -> e.is("PUT") && e.path().contains("mirror/early"));
    }

    @Test
    void aNoOpSyncOfASignedImageReadsNoManifestAtTheSource() throws Exception {
        signedImage("noop/app", 1305);
        MirrorJob job = job("noop/app", "mirror/noop", TagFilter.ALL, ReferrerPolicy.ALL);
        assertThat(sync(job).succeeded()).isTrue();
        int sourceMark = source.accessLogMark();
        int targetMark = target1.accessLogMark();

        SyncReport report = sync(job);

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.totals().referrersCopied()).isZero();
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.referrers()).hasSize(2)
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(TagState.UP_TO_DATE)));
        List<AccessLogEntry> atSource = source.accessLogSince(sourceMark);
        assertThat(atSource).noneMatch(e -> e.is("GET") && (e.isManifestRequest() || e.isBlobRequest()));
        List<AccessLogEntry> atTarget = target1.accessLogSince(targetMark);
        assertThat(atTarget).noneMatch(e -> !e.is("GET") && !e.is("HEAD"));
        System.out.println("[referrers] no-op of 1 signed tag: source " + atSource.size() + " requests "
                + atSource + ", target " + atTarget.size() + " requests " + atTarget);
    }

    @Test
    void aSignatureOfAReferrerTravelsToo() throws Exception {
        SignedImage signed = signedImage("nested/app", 1307);
        Repository repo = new Repository(source.hostPort(), "nested/app");
        // The referrer in the fallback index (say an SBOM) is signed in turn, by cosign's tag convention.
        Manifest nested = CosignArtifacts.signature(sourceClient, repo, signed.referrer().descriptor(), "nested", false);
        CosignArtifacts.pushAsCosignTag(sourceClient, repo, signed.referrer().digest(), nested);

        SyncReport report = sync(job("nested/app", "mirror/nested", TagFilter.ALL, ReferrerPolicy.ALL));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        String nestedTag = ReferrerTags.cosign(signed.referrer().digest(), ReferrerTags.Cosign.SIG).name();
        for (TargetReport t : report.targets()) {
            assertThat(t.referrers()).filteredOn(r -> r.name().equals(nestedTag)).singleElement().satisfies(r -> {
                assertThat(r.subject()).isEqualTo(signed.referrer().digest().toString());
                assertThat(r.state()).isEqualTo(TagState.COPIED);
            });
        }
        for (DistributionRegistry target : List.of(target1, target2)) {
            assertThat(skopeo.inspectRawDigest(target, "mirror/nested:" + nestedTag))
                    .isEqualTo(nested.digest().toString());
        }
    }

    @Test
    void aCorruptSignatureBlobIsRefusedNamingTheDigest() throws Exception {
        SignedImage signed = signedImage("corrupt/app", 1306);
        String layer = ManifestLayers.firstLayer(signed.cosignSig());
        Path data = source.storageDir().resolve("docker/registry/v2/blobs/sha256")
                .resolve(layer.substring(7, 9)).resolve(layer.substring(7)).resolve("data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(data, bytes);

        SyncReport report = sync(job("corrupt/app", "mirror/corrupt", TagFilter.ALL, ReferrerPolicy.ALL));

        assertThat(report.succeeded()).isFalse();
        String sigTag = ReferrerTags.cosign(signed.subject(), ReferrerTags.Cosign.SIG).name();
        for (TargetReport t : report.targets()) {
            assertThat(t.tags()).extracting(TagOutcome::state).containsExactly(TagState.COPIED);
            ReferrerOutcome failed = t.referrers().stream().filter(r -> r.name().equals(sigTag)).findFirst()
                    .orElseThrow();
            assertThat(failed.state()).isEqualTo(TagState.FAILED);
            assertThat(failed.errorKind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
            assertThat(failed.error()).contains(layer);
            System.out.println("[reason] " + failed.error());
        }
        assertThat(target1.accessLog()).noneMatch(e -> e.is("PUT") && e.path().endsWith("/manifests/" + sigTag));
    }
}
