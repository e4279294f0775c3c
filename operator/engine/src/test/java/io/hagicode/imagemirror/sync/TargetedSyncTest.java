package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A targeted sync (a push event): the requested tags only, without listing the source or HEADing its other tags. */
class TargetedSyncTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private TestImages images;
    private Manifest pushed;

    @BeforeEach
    void seed() {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        registries.add(T2);
        images = new TestImages(src, "team/app", 1);
        byte[] base = images.layer(5000);
        pushed = images.index(images.image("linux/amd64", 2, 3000, base), images.image("linux/arm64", 2, 3000, base));
        images.tag("v1.0.0", images.image("linux/amd64", 1, 4000).manifest());
        images.tag("v1.1.0", pushed);
        images.tag("nightly", pushed);
    }

    @Test
    void copiesTheRequestedTagToEveryTargetWithoutListingTheSource() throws Exception {
        SyncReport report = Mirrors.engine(registries).sync(Mirrors.twoTargets().forTags(List.of("v1.1.0")),
                SyncListener.NONE);

        assertThat(report.selectedTags()).containsExactly("v1.1.0");
        assertThat(states(report, 0)).containsExactly(TagState.COPIED);
        assertThat(states(report, 1)).containsExactly(TagState.COPIED);
        assertThat(src.count(Op.LIST_TAGS)).isZero();
        // The pushed tag, then, as the source was not listed, each tag that could hold its referrers: the three
        // cosign tags and the fallback tag (this fake registry has no referrers API).
        assertThat(src.count(Op.HEAD_MANIFEST)).as("HEADs of the pushed tag and of its referrer tags")
                .isEqualTo(1 + ReferrerTags.Cosign.values().length + 1);
        assertThat(t1.tag("mirror/app", "v1.1.0")).contains(pushed.digest());
        assertThat(t1.tag("mirror/app", "v1.0.0")).isEmpty();
    }

    @Test
    void aTagTheFilterRejectsIsNotSynced() throws Exception {
        MirrorJob releases = withFilter(new TagFilter(List.of(Pattern.compile("v.*")), List.of(), null, null));

        SyncReport report = Mirrors.engine(registries).sync(releases.forTags(List.of("nightly")), SyncListener.NONE);

        assertThat(report.selectedTags()).isEmpty();
        assertThat(src.count(Op.HEAD_MANIFEST)).isZero();
        assertThat(t1.writes()).isEmpty();
    }

    @Test
    void withLatestTheSourceIsListedToJudgeTheTagAmongTheOthers() throws Exception {
        MirrorJob newestOnly = withFilter(new TagFilter(List.of(), List.of(), null, 1));

        SyncReport old = Mirrors.engine(registries).sync(newestOnly.forTags(List.of("v1.0.0")), SyncListener.NONE);
        SyncReport newest = Mirrors.engine(registries).sync(newestOnly.forTags(List.of("v1.1.0")), SyncListener.NONE);

        assertThat(old.selectedTags()).as("v1.0.0 is not among the latest 1").isEmpty();
        assertThat(newest.selectedTags()).containsExactly("v1.1.0");
        assertThat(src.count(Op.LIST_TAGS)).isEqualTo(2);
    }

    private static MirrorJob withFilter(TagFilter filter) {
        MirrorJob j = Mirrors.twoTargets();
        return new MirrorJob(j.name(), j.source(), j.targets(), filter, j.platforms(), j.concurrency(), j.retries());
    }
}
