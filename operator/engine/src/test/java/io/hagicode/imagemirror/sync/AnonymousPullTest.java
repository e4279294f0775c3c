package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The anonymous pull probe on fake registries: one HEAD per target with a client that has no credentials, after the
 * copy; none when no tag is in sync there. Real registries and a real token flow: {@link AnonymousPullIntegrationTest}.
 */
class AnonymousPullTest {
    private static final Credentials ALICE = Credentials.basic("alice", "s3cret-never-shown");

    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry t1;
    private FakeRegistry t2;
    private TestImages.Image image;

    @BeforeEach
    void seed() {
        FakeRegistry src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        TestImages images = new TestImages(src, "team/app", 7);
        image = images.image("linux/amd64", 1, 1000);
        images.tag("1.0", image.manifest());
        images.tag("2.0", image.manifest());
    }

    /** t1 lets only alice in (a private registry), t2 lets anyone pull. */
    private MirrorJob privateAndPublicTargets() {
        return Mirrors.job(Mirrors.endpoint(SRC, "team/app"),
                new Endpoint(new Repository(T1, "mirror/app"), ALICE, true), Mirrors.endpoint(T2, "mirror/app"));
    }

    @Test
    void aTargetThatNeedsCredentialsIsDeniedAndAnOpenOneAllowed() throws Exception {
        t1.requireCredentials(ALICE);

        SyncReport report = Mirrors.engine(registries).sync(privateAndPublicTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        AnonymousPullCheck denied = report.targets().get(0).anonymousPull();
        assertThat(denied.result()).isEqualTo(AnonymousPull.DENIED);
        assertThat(denied.tag()).isEqualTo("1.0");
        assertThat(denied.detail()).contains("UNAUTHORIZED").doesNotContain("s3cret");
        assertThat(report.targets().get(1).anonymousPull()).isEqualTo(AnonymousPullCheck.allowed("1.0"));
        assertThat(registries.allClientsClosed()).isTrue();
    }

    @Test
    void eachTargetCostsOneHeadMoreThanTheDiff() throws Exception {
        t1.requireCredentials(ALICE);
        MirrorJob job = privateAndPublicTargets();
        Mirrors.engine(registries).sync(job, SyncListener.NONE);
        t1.resetCounters();
        t2.resetCounters();

        SyncReport again = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(again.targets()).allSatisfy(t -> assertThat(t.count(TagState.UP_TO_DATE)).isEqualTo(2));
        // Two HEADs to compare the two tags, one for the probe.
        assertThat(t1.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(t2.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(again.targets()).extracting(t -> t.anonymousPull().result())
                .containsExactly(AnonymousPull.DENIED, AnonymousPull.ALLOWED);
    }

    @Test
    void noTagSelectedMeansNoProbeAndUnknown() throws Exception {
        MirrorJob job = Mirrors.withFilter(Mirrors.twoTargets(),
                new TagFilter(List.of(Pattern.compile("nothing-matches")), List.of(), null, null));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.targets()).allSatisfy(t -> {
            assertThat(t.anonymousPull().result()).isEqualTo(AnonymousPull.UNKNOWN);
            assertThat(t.anonymousPull().tag()).isNull();
            assertThat(t.anonymousPull().detail()).contains("no tag is in sync");
        });
        assertThat(t1.count(Op.HEAD_MANIFEST) + t2.count(Op.HEAD_MANIFEST)).isZero();
    }

    @Test
    void aTargetWhoseTagsAllFailedIsNotProbed() throws Exception {
        t1.requireCredentials(ALICE);

        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.targets().get(0).count(TagState.FAILED)).isEqualTo(2);
        assertThat(report.targets().get(0).anonymousPull().result()).isEqualTo(AnonymousPull.UNKNOWN);
        assertThat(report.targets().get(0).anonymousPull().tag()).isNull();
        assertThat(report.targets().get(1).anonymousPull().result()).isEqualTo(AnonymousPull.ALLOWED);
    }

    @Test
    void anUnreadableSourceLeavesEveryTargetUnknownWithoutARequest() throws Exception {
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/missing"), Mirrors.endpoint(T1, "mirror/app"));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.sourceError()).isNotNull();
        assertThat(report.targets().get(0).anonymousPull().result()).isEqualTo(AnonymousPull.UNKNOWN);
        assertThat(report.targets().get(0).anonymousPull().detail()).contains("the source could not be read");
        assertThat(t1.count(Op.HEAD_MANIFEST)).isZero();
    }

    @Test
    void aDryRunProbesOnlyTagsAlreadyOnTheTarget() throws Exception {
        SyncReport fresh = Mirrors.engine(registries).plan(Mirrors.twoTargets());
        assertThat(fresh.targets()).allSatisfy(t -> assertThat(t.anonymousPull().result())
                .isEqualTo(AnonymousPull.UNKNOWN));

        Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);
        SyncReport planned = Mirrors.engine(registries).plan(Mirrors.twoTargets());

        assertThat(planned.targets()).allSatisfy(t -> assertThat(t.anonymousPull().result())
                .isEqualTo(AnonymousPull.ALLOWED));
    }

    @Test
    void a403IsDeniedWhileAServerErrorOrA404CannotDecide() {
        t1.seedTag("mirror/app", "1.0", image.manifest());
        AnonymousPullProbe probe = new AnonymousPullProbe(registries);
        Endpoint target = Mirrors.endpoint(T1, "mirror/app");
        List<TagOutcome> inSync = List.of(TagOutcome.of("1.0", TagState.UP_TO_DATE, image.manifest().digest().toString()));

        t1.fail(Op.HEAD_MANIFEST, 1, () -> FakeRegistry.error(RegistryErrorKind.DENIED, 403, "DENIED: not public"));
        assertThat(probe.probe(target, inSync)).isEqualTo(AnonymousPullCheck.denied("1.0", "DENIED: not public"));

        t1.fail(Op.HEAD_MANIFEST, 1, () -> FakeRegistry.error(RegistryErrorKind.SERVER_ERROR, 503, "unavailable"));
        assertThat(probe.probe(target, inSync)).isEqualTo(AnonymousPullCheck.unknown("1.0", "unavailable"));

        t1.deleteTag("mirror/app", "1.0");
        AnonymousPullCheck missing = probe.probe(target, inSync);
        assertThat(missing.result()).isEqualTo(AnonymousPull.UNKNOWN);
        assertThat(missing.detail()).contains("answered 404");

        assertThat(probe.probe(Mirrors.endpoint("nowhere.test", "x/app"), inSync).result())
                .isEqualTo(AnonymousPull.UNKNOWN);
    }
}
