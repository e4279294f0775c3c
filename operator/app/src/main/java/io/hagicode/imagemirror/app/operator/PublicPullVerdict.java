package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.AnonymousPullCheck;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a finished sync means for the PublicPull condition, judged on the targets marked {@code public: true} only.
 * False ({@link Reason#AnonymousPullDenied}) when any of them refused an anonymous pull, with the setting to change on
 * each; else Unknown ({@link Reason#AnonymousPullUnknown}) when some could not be checked; else True. No verdict at
 * all when no target is public, and then no condition. Never touches Ready: a mirror the public cannot pull is still
 * in sync.
 */
record PublicPullVerdict(Reason reason, String message) {

    /** The condition's reasons, each with the status it goes with. */
    enum Reason {
        AnonymousPullAllowed(ConditionSet.TRUE),
        AnonymousPullDenied(ConditionSet.FALSE),
        AnonymousPullUnknown(ConditionSet.UNKNOWN);

        private final String status;

        Reason(String status) {
            this.status = status;
        }

        String status() {
            return status;
        }

        static Optional<Reason> parse(String text) {
            return Arrays.stream(values()).filter(r -> r.name().equals(text)).findFirst();
        }
    }

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
            return Optional.of(new PublicPullVerdict(Reason.AnonymousPullDenied, denied.stream()
                    .map(r -> r + " is public in the spec but refuses anonymous pulls; to fix it, "
                            + PublicPullAdvice.forRepository(r) + ".")
                    .collect(Collectors.joining(" "))));
        }
        if (!unknown.isEmpty()) {
            return Optional.of(new PublicPullVerdict(Reason.AnonymousPullUnknown,
                    "could not check anonymous pulls of " + String.join("; ", unknown)));
        }
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PublicPullVerdict(Reason.AnonymousPullAllowed, "anonymous pulls work on "
                + allowed.stream().map(Repository::toString).collect(Collectors.joining(", "))));
    }

    boolean denied() {
        return reason == Reason.AnonymousPullDenied;
    }
}
