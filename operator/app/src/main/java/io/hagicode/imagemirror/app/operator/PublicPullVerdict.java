package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a finished sync means for the PublicPull condition, judged on the targets marked {@code public: true} only.
 * False ({@value #DENIED}) when any of them refused an anonymous pull, with the setting to change on each; else
 * Unknown ({@value #UNKNOWN}) when some could not be checked; else True ({@value #ALLOWED}). No verdict at all when no
 * target is public, and then no condition. Never touches Ready: a mirror the public cannot pull is still in sync.
 */
record PublicPullVerdict(String status, String reason, String message) {
    static final String ALLOWED = "AnonymousPullAllowed";
    static final String DENIED = "AnonymousPullDenied";
    static final String UNKNOWN = "AnonymousPullUnknown";

    static Optional<PublicPullVerdict> of(ValidatedSpec spec, SyncReport report) {
        List<Repository> allowed = new ArrayList<>();
        List<Repository> denied = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < spec.targets().size(); i++) {
            if (!Boolean.TRUE.equals(spec.spec().getTargets().get(i).getPublic())) {
                continue;
            }
            Repository repository = spec.targets().get(i);
            AnonymousPullCheck check = report.targets().stream().filter(t -> t.repository().equals(repository))
                    .findFirst().map(TargetReport::anonymousPull).orElse(AnonymousPullCheck.NOT_CHECKED);
            switch (check.result()) {
                case ALLOWED -> allowed.add(repository);
                case DENIED -> denied.add(repository);
                case UNKNOWN -> unknown.add(repository + " (" + SyncVerdict.oneLine(check.detail()) + ")");
            }
        }
        if (!denied.isEmpty()) {
            return Optional.of(new PublicPullVerdict(ConditionSet.FALSE, DENIED, denied.stream()
                    .map(r -> r + " is public in the spec but refuses anonymous pulls; to fix it, "
                            + PublicPullAdvice.forRepository(r) + ".")
                    .collect(Collectors.joining(" "))));
        }
        if (!unknown.isEmpty()) {
            return Optional.of(new PublicPullVerdict(ConditionSet.UNKNOWN, UNKNOWN,
                    "could not check anonymous pulls of " + String.join("; ", unknown)));
        }
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PublicPullVerdict(ConditionSet.TRUE, ALLOWED, "anonymous pulls work on "
                + allowed.stream().map(Repository::toString).collect(Collectors.joining(", "))));
    }
}
