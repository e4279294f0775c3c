package io.hagicode.imagemirror.sync.referrers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryClient;
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
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A dry run plans referrers by the same path as a sync, against real Distribution 2.8 registries (cosign tags and
 * fallback tag indexes, no referrers API): what it lists as planned is exactly what the sync then copies, with the
 * same digests, and it writes nothing (checked in the registries' access logs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferrersDryRunTest {
    private static final String SIG_TYPE = ReferrerTags.Cosign.SIG.artifactType();
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

    /** {@code path:1.0}, its cosign signature tag, an OCI referrer under the fallback tag, and a signature of that. */
    private record Signed(SignedImage image, Manifest nested) {
        Digest subject() {
            return image.subject();
        }

        Manifest cosignSig() {
            return image.cosignSig();
        }

        Manifest referrer() {
            return image.referrer();
        }

        Manifest index() {
            return image.index();
        }

        String sigTag() {
            return ReferrerTags.cosign(subject(), ReferrerTags.Cosign.SIG).name();
        }

        String fallbackTag() {
            return ReferrerTags.fallback(subject()).name();
        }

        String nestedTag() {
            return ReferrerTags.cosign(referrer().digest(), ReferrerTags.Cosign.SIG).name();
        }
    }

    private Signed signedImage(String path, long seed) {
        SignedImage image = CosignArtifacts.signedImage(source, sourceClient, path, seed);
        Repository repo = new Repository(source.hostPort(), path);
        Manifest nested = CosignArtifacts.signature(sourceClient, repo, image.referrer().descriptor(),
                "nested-" + seed, false);
        CosignArtifacts.pushAsCosignTag(sourceClient, repo, image.referrer().digest(), nested);
        return new Signed(image, nested);
    }

    private MirrorJob job(String sourcePath, String targetPath, DistributionRegistry... targets) {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), sourcePath), Credentials.ANONYMOUS, true);
        List<Endpoint> to = Arrays.stream(targets)
                .map(t -> new Endpoint(new Repository(t.hostPort(), targetPath), Credentials.ANONYMOUS, true))
                .toList();
        return new MirrorJob("it/dry-run", src, to, TagFilter.ALL, List.of(), 4, 1, Map.of(), List.of(),
                ReferrerPolicy.ALL);
    }

    private DefaultSyncEngine engine() {
        return new DefaultSyncEngine(factory, TransferLimits.defaults());
    }

    private static Map<String, ReferrerOutcome> byName(TargetReport target) {
        return target.referrers().stream().collect(Collectors.toMap(ReferrerOutcome::name, Function.identity()));
    }

    @Test
    void aDryRunListsEveryReferrerItWouldCopyWritesNothingAndTheSyncCopiesExactlyThose() throws Exception {
        Signed signed = signedImage("dry/app", 1401);
        MirrorJob job = job("dry/app", "mirror/dry", target1, target2);
        int mark1 = target1.accessLogMark();
        int mark2 = target2.accessLogMark();
        int sourceMark = source.accessLogMark();

        SyncReport plan = engine().plan(job);

        assertThat(plan.succeeded()).as(String.valueOf(plan)).isTrue();
        String subject = signed.subject().toString();
        for (TargetReport t : plan.targets()) {
            assertThat(t.tags()).extracting(TagOutcome::state).containsExactly(TagState.PLANNED);
            Map<String, ReferrerOutcome> planned = byName(t);
            assertThat(planned).containsOnlyKeys(signed.sigTag(), signed.fallbackTag(),
                    signed.referrer().digest().toString(), signed.nestedTag());
            assertThat(planned.values()).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(TagState.PLANNED);
                assertThat(r.kind()).isEqualTo("referrer");
                assertThat(r.reason()).isNotBlank();
            });
            assertThat(planned.get(signed.sigTag())).satisfies(r -> {
                assertThat(r.subject()).isEqualTo(subject);
                assertThat(r.digest()).isEqualTo(signed.cosignSig().digest().toString());
                assertThat(r.artifactType()).isEqualTo(SIG_TYPE);
                assertThat(r.reason()).isEqualTo("not on the target");
            });
            assertThat(planned.get(signed.referrer().digest().toString())).satisfies(r -> {
                assertThat(r.subject()).isEqualTo(subject);
                assertThat(r.artifactType()).isEqualTo(CosignArtifacts.SIMPLE_SIGNING);
                assertThat(r.reason()).isEqualTo("not among the target's referrers");
            });
            // The target has no index: the sync would push the source's bytes, so the plan names the same digest.
            assertThat(planned.get(signed.fallbackTag()).digest()).isEqualTo(signed.index().digest().toString());
            // A referrer of a referrer the dry run would copy is planned too, one level down.
            assertThat(planned.get(signed.nestedTag()).subject()).isEqualTo(signed.referrer().digest().toString());
        }
        assertThat(plan.totals().referrersPlanned()).isEqualTo(8);
        assertThat(plan.totals().referrersCopied()).isZero();
        assertThat(plan.totals().manifestsPushed()).isZero();
        for (var log : List.of(target1.accessLogSince(mark1), target2.accessLogSince(mark2),
                source.accessLogSince(sourceMark))) {
            assertThat(log).as("a dry run only reads").isNotEmpty().allMatch(e -> e.is("GET") || e.is("HEAD"));
        }
        assertThat(target1.accessLogSince(mark1)).noneMatch(e -> e.is("GET") && e.isBlobRequest());

        SyncReport synced = engine().sync(job, SyncListener.NONE);

        assertThat(synced.succeeded()).as(String.valueOf(synced)).isTrue();
        for (int i = 0; i < 2; i++) {
            Map<String, ReferrerOutcome> planned = byName(plan.targets().get(i));
            Map<String, ReferrerOutcome> copied = byName(synced.targets().get(i));
            assertThat(copied).containsOnlyKeys(planned.keySet());
            copied.forEach((name, r) -> {
                assertThat(r.state()).as(name).isEqualTo(TagState.COPIED);
                ReferrerOutcome p = planned.get(name);
                assertThat(new Object[] {r.subject(), r.digest(), r.artifactType(), r.reason()}).as(name)
                        .containsExactly(p.subject(), p.digest(), p.artifactType(), p.reason());
            });
        }
        assertThat(skopeo.inspectRawDigest(target2, "mirror/dry:" + signed.nestedTag()))
                .isEqualTo(signed.nested().digest().toString());

        SyncReport after = engine().plan(job);

        assertThat(after.totals().referrersPlanned()).isZero();
        assertThat(after.targets()).allSatisfy(t -> {
            assertThat(t.tags()).extracting(TagOutcome::state).containsExactly(TagState.UP_TO_DATE);
            assertThat(t.referrers()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(TagState.UP_TO_DATE);
                assertThat(r.reason()).isNull();
            });
        });
    }

    @Test
    void aDryRunPlansPerTargetOnlyWhatThatTargetLacks() throws Exception {
        Signed signed = signedImage("per-target/app", 1402);
        assertThat(engine().sync(job("per-target/app", "mirror/per-target", target1), SyncListener.NONE).succeeded())
                .isTrue();
        Repository repo = new Repository(source.hostPort(), "per-target/app");
        Descriptor subject = sourceClient.headManifest(repo, new Tag("1.0")).orElseThrow();
        Tag attTag = ReferrerTags.cosign(subject.digest(), ReferrerTags.Cosign.ATT);
        sourceClient.putManifest(repo, attTag,
                CosignArtifacts.signature(sourceClient, repo, subject, "att-1402", false));
        int mark1 = target1.accessLogMark();
        int mark2 = target2.accessLogMark();

        SyncReport plan = engine().plan(job("per-target/app", "mirror/per-target", target1, target2));

        assertThat(plan.succeeded()).as(String.valueOf(plan)).isTrue();
        TargetReport synced = plan.targets().get(0);
        TargetReport empty = plan.targets().get(1);
        assertThat(synced.tags()).extracting(TagOutcome::state).containsExactly(TagState.UP_TO_DATE);
        assertThat(synced.referrers()).filteredOn(r -> r.state() == TagState.PLANNED).singleElement()
                .satisfies(r -> {
                    assertThat(r.name()).isEqualTo(attTag.name());
                    assertThat(r.artifactType()).isEqualTo(ReferrerTags.Cosign.ATT.artifactType());
                    assertThat(r.reason()).isEqualTo("not on the target");
                });
        assertThat(synced.referrers()).filteredOn(r -> r.state() != TagState.PLANNED)
                .extracting(ReferrerOutcome::state).containsOnly(TagState.UP_TO_DATE);
        assertThat(empty.referrers()).extracting(ReferrerOutcome::name).contains(attTag.name(), signed.sigTag());
        assertThat(empty.referrers()).extracting(ReferrerOutcome::state).containsOnly(TagState.PLANNED);
        assertThat(plan.totals().referrersPlanned()).isEqualTo(1 + empty.referrers().size());
        assertThat(target1.accessLogSince(mark1)).noneMatch(e -> !e.is("GET") && !e.is("HEAD"));
        assertThat(target2.accessLogSince(mark2)).noneMatch(e -> !e.is("GET") && !e.is("HEAD"));
    }
}
