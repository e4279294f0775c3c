package io.hagicode.imagemirror.sync;

import static io.hagicode.imagemirror.sync.Mirrors.SRC;
import static io.hagicode.imagemirror.sync.Mirrors.T1;
import static io.hagicode.imagemirror.sync.Mirrors.T2;
import static io.hagicode.imagemirror.sync.Mirrors.outcome;
import static io.hagicode.imagemirror.sync.Mirrors.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.sync.fake.FakeRegistries;
import io.hagicode.imagemirror.sync.fake.FakeRegistry;
import io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import io.hagicode.imagemirror.sync.fake.TestImages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk tag listings (Docker Hub's tags API, ACR's _tags) spare HEADs only where two answers agree, and every doubt
 * falls back to HEADs: a listing can confirm that a target is up to date, never make the engine write.
 */
class BulkListingTest {
    private final FakeRegistries registries = new FakeRegistries();
    private FakeRegistry src;
    private FakeRegistry t1;
    private FakeRegistry t2;
    private TestImages images;
    private DefaultSyncEngine engine;

    @BeforeEach
    void seedAndMirror() throws Exception {
        src = registries.add(SRC);
        t1 = registries.add(T1);
        t2 = registries.add(T2);
        images = new TestImages(src, "team/app", 1);
        images.tag("v1", images.image("linux/amd64", 1, 3000).manifest());
        images.tag("v2", images.image("linux/amd64", 1, 3000).manifest());
        images.tag("latest", images.image("linux/amd64", 1, 3000).manifest());
        engine = Mirrors.engine(registries);
        assertThat(engine.sync(Mirrors.twoTargets(), SyncListener.NONE).succeeded()).isTrue();
        List.of(src, t1, t2).forEach(FakeRegistry::resetCounters);
    }

    private SyncReport noOp() throws InterruptedException {
        return engine.sync(Mirrors.twoTargets(), SyncListener.NONE);
    }

    /** The planner's manifest HEADs at a target: all of them but the anonymous-pull probe's one after the sync. */
    private static int planningHeads(FakeRegistry target) {
        return target.count(Op.HEAD_MANIFEST) - 1;
    }

    @Test
    void sourceAndTargetListingsThatAgreeMakeANoOpWithoutAnyPlanningHead() throws Exception {
        List.of(src, t1, t2).forEach(FakeRegistry::offerTagDigests);

        SyncReport report = noOp();

        for (int t = 0; t < 2; t++) {
            assertThat(states(report, t)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        }
        assertThat(outcome(report, 1, "v1").digest()).isEqualTo(src.tag("team/app", "v1").orElseThrow().toString());
        assertThat(src.count(Op.HEAD_MANIFEST)).isZero();
        assertThat(planningHeads(t1)).isZero();
        assertThat(planningHeads(t2)).isZero();
        for (FakeRegistry r : List.of(src, t1, t2)) {
            assertThat(r.count(Op.LIST_TAG_DIGESTS)).isEqualTo(1);
            assertThat(r.writes()).isEmpty();
        }
    }

    @Test
    void aTargetedSyncHeadsItsTagsWithoutAskingForListings() throws Exception {
        List.of(src, t1, t2).forEach(FakeRegistry::offerTagDigests);

        SyncReport report = engine.sync(Mirrors.twoTargets().forTags(List.of("v1")), SyncListener.NONE);

        assertThat(states(report, 0)).containsExactly(TagState.UP_TO_DATE);
        for (FakeRegistry r : List.of(src, t1, t2)) {
            assertThat(r.count(Op.LIST_TAG_DIGESTS)).isZero();
        }
        assertThat(planningHeads(t1)).isEqualTo(1);
    }

    @Test
    void aTargetListingThatAgreesWithTheSourceHeadSparesOnlyThatTargetsHeads() throws Exception {
        t1.offerTagDigests();

        SyncReport report = noOp();

        assertThat(states(report, 0)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(states(report, 1)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(planningHeads(t1)).isZero();
        assertThat(planningHeads(t2)).isEqualTo(3);
    }

    @Test
    void aSourceListingAloneSparesNoHead() throws Exception {
        src.offerTagDigests();

        SyncReport report = noOp();

        assertThat(states(report, 0)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(planningHeads(t1) + planningHeads(t2)).isEqualTo(6);
    }

    @Test
    void truthfulListingsThatDifferLeadToHeadsAndTheCopy() throws Exception {
        List.of(src, t1, t2).forEach(FakeRegistry::offerTagDigests);
        Manifest moved = images.image("linux/amd64", 1, 2000).manifest();
        images.tag("latest", moved);

        SyncReport report = noOp();

        for (int t = 0; t < 2; t++) {
            assertThat(outcome(report, t, "latest").state()).isEqualTo(TagState.COPIED);
            assertThat(outcome(report, t, "v1").state()).isEqualTo(TagState.UP_TO_DATE);
        }
        assertThat(t1.tag("mirror/app", "latest")).contains(moved.digest());
        assertThat(t2.tag("mirror/app", "latest")).contains(moved.digest());
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(1);
        // the tag's HEAD, then one of the new digest (is its content there under another tag?)
        assertThat(planningHeads(t1)).isEqualTo(2);
    }

    @Test
    void aWrongSourceListingNeverMakesTheEngineWrite() throws Exception {
        Digest bogus = Digest.sha256("not what the source holds".getBytes());
        src.offerTagDigests(repository -> Map.of("v1", bogus, "v2", bogus, "latest", bogus));
        t1.offerTagDigests();
        t2.offerTagDigests();

        SyncReport report = noOp();

        for (int t = 0; t < 2; t++) {
            assertThat(states(report, t)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        }
        assertThat(outcome(report, 0, "v1").digest()).isNotEqualTo(bogus.toString());
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(t1.writes()).isEmpty();
        assertThat(t2.writes()).isEmpty();
    }

    @Test
    void aTargetListingThatDisagreesWithTheSourceHeadIsCheckedWithAHead() throws Exception {
        Map<String, Digest> stale = new HashMap<>();
        stale.put("v1", Digest.sha256("an older v1".getBytes()));
        t1.offerTagDigests(repository -> stale);

        SyncReport report = noOp();

        assertThat(states(report, 0)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(planningHeads(t1)).isEqualTo(3);
        assertThat(t1.writes()).isEmpty();
    }

    @Test
    void aTagMissingFromAListingIsHeaded() throws Exception {
        src.offerTagDigests();
        t2.offerTagDigests();
        t1.offerTagDigests(repository -> Map.of("v1", t1.tag("mirror/app", "v1").orElseThrow()));

        SyncReport report = noOp();

        assertThat(states(report, 0)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        assertThat(planningHeads(t1)).isEqualTo(2);
        assertThat(planningHeads(t2)).isZero();
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(2);
    }

    @Test
    void aListingThatFailsOrIsRefusedFallsBackToHeads() throws Exception {
        src.offerTagDigests(repository -> {
            throw FakeRegistry.error(RegistryErrorKind.UNAUTHORIZED, 401, "UNAUTHORIZED: tags API needs a login");
        });
        t1.offerTagDigests(repository -> {
            throw FakeRegistry.error(RegistryErrorKind.INVALID_RESPONSE, 200, "the pages do not add up");
        });
        t2.offerTagDigests();

        SyncReport report = noOp();

        assertThat(report.succeeded()).isTrue();
        for (int t = 0; t < 2; t++) {
            assertThat(states(report, t)).containsOnly(TagState.UP_TO_DATE).hasSize(3);
        }
        assertThat(src.count(Op.HEAD_MANIFEST)).isEqualTo(3);
        assertThat(planningHeads(t1)).isEqualTo(3);
        assertThat(planningHeads(t2)).isZero();
    }
}
