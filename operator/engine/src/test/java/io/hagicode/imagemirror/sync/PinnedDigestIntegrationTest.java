package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Digest pins against real Distribution registries: the source repository has tag {@code 1.0} (selected) and a
 * multi-arch index under {@code other} that the tag filter does not select, so it reaches a target only as a pin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinnedDigestIntegrationTest {
    private static final TagFilter ONLY_1_0 = new TagFilter(List.of(Pattern.compile("^1\\.0$")), List.of(), null, null);
    private final Skopeo skopeo = new Skopeo();
    private DistributionRegistry source;
    private DistributionRegistry target;
    private OciRegistryClientFactory factory;
    private PushedImage selected;
    private PushedImage pinned;

    @BeforeAll
    void start() {
        Skopeo.assumeInstalled();
        source = DistributionRegistry.plain();
        target = DistributionRegistry.plain();
        selected = FixtureImages.pushOciImage(source, "team/app", "1.0", 11);
        pinned = FixtureImages.pushMultiArchOciIndex(source, "team/app", "other", 12);
        factory = new OciRegistryClientFactory(ClientOptions.defaults());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {factory, source, target}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private MirrorJob job(String targetPath, DigestPin... pins) {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), "team/app"), Credentials.ANONYMOUS, true);
        Endpoint dst = new Endpoint(new Repository(target.hostPort(), targetPath), Credentials.ANONYMOUS, true);
        return new MirrorJob("it/pins", src, List.of(dst), ONLY_1_0, List.of(), 4, 1, java.util.Map.of(), List.of(pins));
    }

    private static DigestPin pin(PushedImage image) {
        return DigestPin.untagged(Digest.parse(image.digest()));
    }

    @Test
    void aPinnedIndexIsMirroredByDigestWithoutATag() throws Exception {
        SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults())
                .sync(job("bydigest/app", pin(pinned)), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.targets().get(0).tags()).extracting(TagOutcome::tag, TagOutcome::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1.0", TagState.COPIED),
                org.assertj.core.groups.Tuple.tuple("@" + pinned.digest(), TagState.COPIED));
        assertThat(skopeo.inspectRawDigest(target, "bydigest/app@" + pinned.digest())).isEqualTo(pinned.digest());
        for (String child : pinned.manifestDigests()) {
            assertThat(skopeo.inspectRawDigest(target, "bydigest/app@" + child)).isEqualTo(child);
        }
        assertThat(skopeo.listTags(target, "bydigest/app")).containsExactly("1.0");
    }

    @Test
    void aPinNamingATagIsPushedUnderThatTag() throws Exception {
        DigestPin tagged = new DigestPin(Digest.parse(pinned.digest()), Optional.of("v1-pinned"));
        SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults())
                .sync(job("tagged/app", tagged), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.targets().get(0).tags()).extracting(TagOutcome::tag)
                .containsExactly("1.0", "v1-pinned@" + pinned.digest());
        assertThat(skopeo.inspectRawDigest(target, "tagged/app:v1-pinned")).isEqualTo(pinned.digest());
        assertThat(skopeo.listTags(target, "tagged/app")).containsExactlyInAnyOrder("1.0", "v1-pinned");
    }

    @Test
    void aSecondSyncMakesOneHeadPerPinPerRegistryAndNoGet() throws Exception {
        DefaultSyncEngine engine = new DefaultSyncEngine(factory, TransferLimits.defaults());
        DigestPin tagged = new DigestPin(Digest.parse(pinned.digest()), Optional.of("v1-pinned"));
        MirrorJob job = job("noop/app", pin(pinned), tagged);
        assertThat(engine.sync(job, SyncListener.NONE).succeeded()).isTrue();
        int sourceMark = source.accessLogMark();
        int targetMark = target.accessLogMark();

        SyncReport again = engine.sync(job, SyncListener.NONE);

        assertThat(again.targets().get(0).tags()).extracting(TagOutcome::state).containsOnly(TagState.UP_TO_DATE);
        for (DistributionRegistry registry : List.of(source, target)) {
            List<AccessLogEntry> manifests = registry.accessLogSince(registry == source ? sourceMark : targetMark)
                    .stream().filter(AccessLogEntry::isManifestRequest).toList();
            // one HEAD for tag 1.0, one per pin; nothing else touches a manifest (the anonymous probe is one more
            // HEAD at the target, of the first tag)
            assertThat(manifests).filteredOn(e -> e.path().contains("/manifests/sha256:") || e.path().endsWith(
                    "/manifests/v1-pinned")).as(registry.hostPort()).hasSize(2).allMatch(e -> e.is("HEAD"));
            assertThat(manifests).filteredOn(e -> e.is("GET")).isEmpty();
            assertThat(registry.accessLogSince(registry == source ? sourceMark : targetMark))
                    .filteredOn(AccessLogEntry::isBlobRequest).isEmpty();
        }
    }

    @Test
    void aPinMissingAtTheSourceFailsNamingTheDigestWhileTagsSync() throws Exception {
        Digest absent = Digest.sha256("no such manifest".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults())
                .sync(job("missing/app", DigestPin.untagged(absent)), SyncListener.NONE);

        List<TagOutcome> outcomes = report.targets().get(0).tags();
        assertThat(outcomes.get(0).state()).isEqualTo(TagState.COPIED);
        assertThat(outcomes.get(1).tag()).isEqualTo("@" + absent);
        assertThat(outcomes.get(1).state()).isEqualTo(TagState.FAILED);
        assertThat(outcomes.get(1).error()).contains(absent.toString());
        assertThat(skopeo.inspectRawDigest(target, "missing/app:1.0")).isEqualTo(selected.digest());
    }
}
