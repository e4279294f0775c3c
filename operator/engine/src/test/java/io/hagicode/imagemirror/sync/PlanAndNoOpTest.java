package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.outcome;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The diff: what is up to date, what gets copied, and that a no-op sync costs the source no manifest GET. */
class PlanAndNoOpTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private FakeRegistry t2;
    private TestImages images;
    private Manifest multiArch;
    private TestImages.Image single;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        images = new TestImages(src, "team/app", 1);
        byte[] base = images.layer(5000);
        multiArch = images.index(images.image("linux/amd64", 2, 3000, base), images.image("linux/arm64", 2, 3000, base));
        single = images.image("linux/amd64", 1, 4000);
        images.tag("v1.0.0", multiArch);
        images.tag("latest", multiArch);
        images.tag("tool", single.manifest());
    }

    @Test
    void coldSyncCopiesEveryTagToEveryTargetWithTheSourceDigests() throws Exception {
        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.selectedTags()).containsExactly("latest", "tool", "v1.0.0");
        for (int t = 0; t < 2; t++) {
            assertThat(states(report, t)).containsOnly(TagState.COPIED);
        }
        for (FakeRegistry target : List.of(t1, t2)) {
            assertThat(target.tag("mirror/app", "v1.0.0")).contains(multiArch.digest());
            assertThat(target.tag("mirror/app", "latest")).contains(multiArch.digest());
            assertThat(target.tag("mirror/app", "tool")).contains(single.manifest().digest());
            assertThat(target.manifest("mirror/app", multiArch.digest()).orElseThrow().bytes()).isEqualTo(multiArch.bytes());
        }
        assertThat(outcome(report, 0, "tool").digest()).isEqualTo(single.manifest().digest().toString());
    }

    @Test
    void secondSyncFindsEverythingUpToDateWithoutAnySourceGet() throws Exception {
        DefaultSyncEngine engine = Mirrors.engine(registries);
        engine.sync(Mirrors.twoTargets(), SyncListener.NONE);
        src.resetCounters();
        t1.resetCounters();
        t2.resetCounters();

        SyncReport again = engine.sync(Mirrors.twoTargets(), SyncListener.NONE);

        assertThat(states(again, 0)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(states(again, 1)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(src.count(Op.GET_MANIFEST)).isZero();
        assertThat(src.count(Op.OPEN_BLOB)).isZero();
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(t1.writes()).isEmpty();
        assertThat(t2.writes()).isEmpty();
        assertThat(again.totals().manifestsPushed()).isZero();
    }

    @Test
    void dryRunReportsPlannedWritesNothingAndGetsNothing() throws Exception {
        SyncReport plan = Mirrors.engine(registries).plan(Mirrors.twoTargets());

        assertThat(states(plan, 0)).containsOnly(TagState.PLANNED).hasSize(3);
        assertThat(states(plan, 1)).containsOnly(TagState.PLANNED).hasSize(3);
        assertThat(outcome(plan, 1, "latest").digest()).isEqualTo(multiArch.digest().toString());
        assertThat(src.count(Op.GET_MANIFEST)).isZero();
        assertThat(src.count(Op.OPEN_BLOB)).isZero();
        assertThat(t1.writes()).isEmpty();
        assertThat(t1.count(Op.PUT_MANIFEST) + t1.count(Op.PUSH_BLOB) + t1.count(Op.MOUNT_BLOB)).isZero();
        assertThat(plan.succeeded()).isTrue();
    }

    @Test
    void onlyTheNewAndTheMovedTagAreCopiedNext() throws Exception {
        DefaultSyncEngine engine = Mirrors.engine(registries);
        engine.sync(Mirrors.twoTargets(), SyncListener.NONE);
        TestImages.Image newer = images.image("linux/amd64", 1, 2000);
        images.tag("v2.0.0", newer.manifest());
        images.tag("latest", newer.manifest());
        src.resetCounters();

        SyncReport report = engine.sync(Mirrors.twoTargets(), SyncListener.NONE);

        for (int t = 0; t < 2; t++) {
            assertThat(outcome(report, t, "v2.0.0").state()).isEqualTo(TagState.COPIED);
            assertThat(outcome(report, t, "latest").state()).isEqualTo(TagState.COPIED);
            assertThat(outcome(report, t, "v1.0.0").state()).isEqualTo(TagState.UP_TO_DATE);
            assertThat(outcome(report, t, "tool").state()).isEqualTo(TagState.UP_TO_DATE);
        }
        assertThat(t1.tag("mirror/app", "latest")).contains(newer.manifest().digest());
        // one GET for the one new digest, shared by both tags and both targets
        assertThat(src.count(Op.GET_MANIFEST)).isEqualTo(1);
    }

    @Test
    void theTagFilterChoosesWhatIsCheckedAndReported() throws Exception {
        RecordingListener listener = new RecordingListener();
        MirrorJob job = Mirrors.withFilter(Mirrors.twoTargets(),
                new TagFilter(List.of(Pattern.compile("v.*")), List.of(), null, null));

        SyncReport report = Mirrors.engine(registries).sync(job, listener);

        assertThat(listener.selected).containsExactly(List.of("v1.0.0"));
        assertThat(report.targets().get(0).tags()).extracting(TagOutcome::tag).containsExactly("v1.0.0");
        assertThat(t1.tags("mirror/app")).containsExactly("v1.0.0");
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(1);
    }

    @Test
    void aSourceThatCannotBeListedGivesASourceErrorAndNoOutcomes() throws Exception {
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/missing"), Mirrors.endpoint(T1, "mirror/app"));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.sourceError()).contains("team/missing");
        assertThat(report.sourceErrorKind()).isEqualTo(RegistryErrorKind.NAME_UNKNOWN);
        assertThat(report.targets()).hasSize(1);
        assertThat(report.targets().get(0).tags()).isEmpty();
        assertThat(report.succeeded()).isFalse();
    }

    @Test
    void everyClientTheEngineGotIsClosedAndTargetsOnOneRegistryShareOne() throws Exception {
        MirrorJob job = Mirrors.job(Mirrors.endpoint(SRC, "team/app"), Mirrors.endpoint(T1, "a/app"),
                Mirrors.endpoint(T1, "b/app"));

        SyncReport report = Mirrors.engine(registries).sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        // One for the source, one for both targets, one without credentials for both targets' anonymous pull probe.
        assertThat(registries.clientsMade()).isEqualTo(3);
        assertThat(registries.allClientsClosed()).isTrue();
    }

    @Test
    void theListenerHearsOfEveryTagOnEveryTarget() throws Exception {
        RecordingListener listener = new RecordingListener();

        Mirrors.engine(registries).sync(Mirrors.twoTargets(), listener);

        assertThat(listener.finished).hasSize(6);
        assertThat(listener.finished).extracting(f -> f.target().registry()).containsOnly(T1, T2);
        assertThat(listener.progress).isNotEmpty();
        assertThat(listener.progress).allSatisfy(p -> assertThat(p.done()).isLessThanOrEqualTo(p.total()));
    }
}
