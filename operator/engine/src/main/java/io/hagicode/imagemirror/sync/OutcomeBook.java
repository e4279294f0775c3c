package io.hagicode.imagemirror.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcome of every (target, tag) of one sync, each recorded once (the first word wins) and passed to the listener
 * as it is recorded. A pair that never got an outcome (which would be a bug) is reported FAILED rather than dropped.
 */
final class OutcomeBook {
    private final List<Target> targets;
    private final List<String> tags;
    private final SyncListener listener;
    private final List<Map<String, TagOutcome>> outcomes = new ArrayList<>();

    OutcomeBook(List<Target> targets, List<String> tags, SyncListener listener) {
        this.targets = List.copyOf(targets);
        this.tags = List.copyOf(tags);
        this.listener = listener;
        targets.forEach(t -> outcomes.add(new ConcurrentHashMap<>()));
    }

    void record(Target target, TagOutcome outcome) {
        if (outcomes.get(target.index()).putIfAbsent(outcome.tag(), outcome) == null) {
            listener.onTagFinished(target.repository(), outcome);
        }
    }

    void fail(Target target, String tag, String digest, Failure failure) {
        record(target, TagOutcome.failed(tag, digest, failure.message(), failure.kind()));
    }

    /** The outcome recorded for {@code name} on {@code target}, if any yet. */
    TagOutcome outcome(Target target, String name) {
        return outcomes.get(target.index()).get(name);
    }

    List<TargetReport> reports(SyncCounters counters) {
        List<TargetReport> reports = new ArrayList<>();
        for (Target t : targets) {
            Map<String, TagOutcome> byTag = outcomes.get(t.index());
            List<TagOutcome> ordered = new ArrayList<>();
            for (String tag : tags) {
                TagOutcome o = byTag.get(tag);
                ordered.add(o != null ? o : TagOutcome.failed(tag, null, "internal error: tag " + tag
                        + " got no outcome on " + t.repository(), io.hagicode.imagemirror.oci.RegistryErrorKind.OTHER));
            }
            reports.add(new TargetReport(t.repository(), ordered, counters.bytesCopiedTo(t.index())));
        }
        return reports;
    }
}
