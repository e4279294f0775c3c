package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The PublicPull condition as a finished sync sets it: judged on the targets marked public only, False with the console
 * setting to change, lastTransitionTime moved only on a flip, gone when no target is public; Ready never affected.
 */
class PublicPullConditionTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");
    private static final String ACR = "hagicode.azurecr.io/hagicode";
    private static final String ALIYUN = "registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode";
    private static final String OTHER = "registry.example.com/mirror/app";
    private static final AnonymousPullCheck DENIED = AnonymousPullCheck.denied("1.0", "registry answered HTTP 401");
    private static final AnonymousPullCheck ALLOWED = AnonymousPullCheck.allowed("1.0");

    @Test
    void aDeniedAzureTargetGivesFalseWithTheAzCommandWhileReadyStaysSynced() {
        ValidatedSpec spec = spec(true, true, false);

        ImageMirrorStatus status = complete(null, T0, spec, DENIED, ALLOWED, DENIED);

        Condition publicPull = publicPull(status).orElseThrow();
        assertThat(publicPull.getStatus()).isEqualTo("False");
        assertThat(publicPull.getReason()).isEqualTo("AnonymousPullDenied");
        assertThat(publicPull.getObservedGeneration()).isEqualTo(1L);
        assertThat(publicPull.getMessage()).startsWith(ACR + " is public in the spec but refuses anonymous pulls")
                .contains("az acr update --name hagicode --anonymous-pull-enabled true")
                .contains("Standard or Premium")
                .as("a target not marked public is not judged").doesNotContain(OTHER)
                .doesNotContain(ALIYUN);
        assertThat(OperatorHarness.ready(status).orElseThrow().getReason()).isEqualTo("Synced");
        assertThat(status.getTargets()).extracting(TargetStatus::getAnonymousPull)
                .containsExactly("Denied", "Allowed", "Denied");
    }

    @Test
    void aDeniedAliyunTargetNamesTheRepositoryAndItsNamespace() {
        ImageMirrorStatus status = complete(null, T0, spec(false, true, false), ALLOWED, DENIED, ALLOWED);

        assertThat(publicPull(status).orElseThrow().getMessage())
                .contains("on Alibaba Cloud Container Registry, make repository hagicode/hagicode Public in the console")
                .contains("namespace hagicode");
    }

    @Test
    void anyOtherRegistryGetsTheGeneralAdvice() {
        ImageMirrorStatus status = complete(null, T0, spec(false, false, true), ALLOWED, ALLOWED, DENIED);

        assertThat(publicPull(status).orElseThrow().getMessage())
                .contains("allow anonymous pulls of mirror/app in the settings of registry.example.com");
    }

    @Test
    void theTransitionTimeMovesWhenPublicPullFlipsAndOnlyThen() {
        ValidatedSpec spec = spec(true, true, false);
        ImageMirrorStatus denied = complete(null, T0, spec, DENIED, ALLOWED, ALLOWED);
        ImageMirrorStatus stillDenied = complete(denied, T0.plusSeconds(600), spec, DENIED, ALLOWED, ALLOWED);
        ImageMirrorStatus allowed = complete(stillDenied, T1, spec, ALLOWED, ALLOWED, ALLOWED);

        assertThat(publicPull(stillDenied)).isEqualTo(publicPull(denied));
        assertThat(publicPull(denied).orElseThrow().getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
        Condition nowTrue = publicPull(allowed).orElseThrow();
        assertThat(nowTrue.getStatus()).isEqualTo("True");
        assertThat(nowTrue.getReason()).isEqualTo("AnonymousPullAllowed");
        assertThat(nowTrue.getMessage()).isEqualTo("anonymous pulls work on " + ACR + ", " + ALIYUN);
        assertThat(nowTrue.getLastTransitionTime()).isEqualTo("2025-03-01T11:00:00Z");
    }

    @Test
    void anUndecidedPublicTargetGivesUnknownUnlessAnotherIsDenied() {
        AnonymousPullCheck unchecked = AnonymousPullCheck.unknown(null, "not checked: no tag is in sync on the target");
        ValidatedSpec spec = spec(true, true, false);

        Condition unknown = publicPull(complete(null, T0, spec, ALLOWED, unchecked, ALLOWED)).orElseThrow();
        Condition denied = publicPull(complete(null, T0, spec, DENIED, unchecked, ALLOWED)).orElseThrow();

        assertThat(unknown.getStatus()).isEqualTo("Unknown");
        assertThat(unknown.getReason()).isEqualTo("AnonymousPullUnknown");
        assertThat(unknown.getMessage()).isEqualTo("could not check anonymous pulls of " + ALIYUN
                + " (not checked: no tag is in sync on the target)");
        assertThat(denied.getStatus()).isEqualTo("False");
    }

    @Test
    void withNoPublicTargetThereIsNoConditionAndAnEarlierOneIsRemoved() {
        ImageMirrorStatus denied = complete(null, T0, spec(true, false, false), DENIED, ALLOWED, ALLOWED);
        assertThat(publicPull(denied)).isPresent();

        ImageMirrorStatus none = complete(denied, T1, spec(false, false, false), DENIED, DENIED, DENIED);

        assertThat(publicPull(none)).isEmpty();
        assertThat(none.getConditions()).extracting(Condition::getType).containsExactlyInAnyOrder("Ready", "Syncing");
        assertThat(none.getTargets()).extracting(TargetStatus::getAnonymousPull).containsOnly("Denied");
    }

    /** A sync of {@code spec} that leaves tag 1.0 in sync everywhere, with these probe results in target order. */
    private static ImageMirrorStatus complete(ImageMirrorStatus current, Instant at, ValidatedSpec spec,
                                              AnonymousPullCheck... checks) {
        List<TargetReport> targets = new ArrayList<>();
        for (int i = 0; i < spec.targets().size(); i++) {
            Repository repository = spec.targets().get(i);
            targets.add(new TargetReport(repository, List.of(TagOutcome.of("1.0", TagState.UP_TO_DATE,
                    "sha256:" + "a".repeat(64))), 0, checks[i]));
        }
        SyncReport report = new SyncReport("team/app", spec.source(), List.of("1.0"), targets, SyncTotals.ZERO,
                null, null);
        StatusBuilder builder = new StatusBuilder(current, at);
        builder.syncStarted(1, Optional.empty(), Optional.empty(), SyncScheduler.Trigger.FIRST, Optional.empty());
        builder.completed(new SyncCompletion(new MirrorRef("team", "app", "uid-1"), 1, at.minusSeconds(5), at,
                Optional.of(report), SyncVerdict.of(report)), spec);
        return builder.build();
    }

    private static Optional<Condition> publicPull(ImageMirrorStatus status) {
        return OperatorHarness.condition(status, ConditionSet.PUBLIC_PULL);
    }

    private static ValidatedSpec spec(boolean acrPublic, boolean aliyunPublic, boolean otherPublic) {
        ImageMirrorSpec spec = new ImageMirrorSpec();
        spec.setSource(new RepositorySpec("docker.io/newbe36524/hagicode", null, false));
        spec.setTargets(List.of(target(ACR, acrPublic), target(ALIYUN, aliyunPublic), target(OTHER, otherPublic)));
        try {
            return SpecValidator.validate(spec);
        } catch (InvalidSpecException e) {
            throw new AssertionError(e);
        }
    }

    private static RepositorySpec target(String repository, boolean isPublic) {
        RepositorySpec target = new RepositorySpec(repository, null, false);
        target.setPublic(isPublic ? Boolean.TRUE : null);
        return target;
    }
}
