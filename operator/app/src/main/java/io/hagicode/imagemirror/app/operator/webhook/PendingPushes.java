package io.hagicode.imagemirror.app.operator.webhook;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The pushes received for each mirror and not yet synced: per tag, the earliest push time (what propagation is
 * measured from), so that a burst of events for one tag makes one entry. The reconciler {@link #take}s them all when
 * it starts a targeted sync; whatever arrives while that sync runs waits here for the next one, so no event is lost.
 * Kept in memory only: after a restart the scheduled sync is the safety net.
 */
public final class PendingPushes implements PushSink {
    private final Map<ResourceID, Batch> pending = new ConcurrentHashMap<>();
    private final Map<ResourceID, PushEvent> last = new ConcurrentHashMap<>();
    private volatile Consumer<ResourceID> onPush = id -> { };

    /**
     * A mirror's pending pushes.
     *
     * @param pushedAt    per tag, when it was first pushed (sender's time, else arrival)
     * @param firstArrival when the first of them arrived, which the coalesce window counts from
     */
    public record Batch(Map<String, Instant> pushedAt, Instant firstArrival) {
        public Batch {
            pushedAt = Map.copyOf(pushedAt);
        }

        /** When the burst that began with the first arrival is taken to be over. */
        public Instant settledAt(Duration coalesceWindow) {
            return firstArrival.plus(coalesceWindow);
        }
    }

    /** Where to say that a mirror has new pushes; set once, by the reconciler, which then reconciles that mirror. */
    public void onPush(Consumer<ResourceID> callback) {
        this.onPush = callback;
    }

    @Override
    public void pushed(Hook hook, List<PushEvent> pushes, Instant arrivedAt) {
        pending.compute(hook.mirror(), (id, batch) -> {
            Map<String, Instant> tags = new LinkedHashMap<>(batch == null ? Map.of() : batch.pushedAt());
            for (PushEvent push : pushes) {
                tags.merge(push.tag(), pushedAt(push, arrivedAt), (a, b) -> a.isBefore(b) ? a : b);
            }
            return new Batch(tags, batch == null ? arrivedAt : batch.firstArrival());
        });
        PushEvent latest = pushes.get(pushes.size() - 1);
        last.put(hook.mirror(), new PushEvent(latest.sender(), latest.registry(), latest.repository(), latest.tag(),
                Optional.of(pushedAt(latest, arrivedAt))));
        onPush.accept(hook.mirror());
    }

    /** The sender's time of the push; its arrival when it gives none, or one later than the arrival (clock skew). */
    private static Instant pushedAt(PushEvent push, Instant arrivedAt) {
        return push.pushedAt().filter(t -> t.isBefore(arrivedAt)).orElse(arrivedAt);
    }

    public Optional<Batch> peek(ResourceID mirror) {
        return Optional.ofNullable(pending.get(mirror));
    }

    /** Removes and returns the mirror's pending pushes, for the targeted sync about to start. */
    public Optional<Batch> take(ResourceID mirror) {
        return Optional.ofNullable(pending.remove(mirror));
    }

    /** Puts back a batch {@link #take}n for a sync that could not start, merged with what arrived since. */
    public void putBack(ResourceID mirror, Batch batch) {
        pending.merge(mirror, batch, (now, back) -> {
            Map<String, Instant> tags = new LinkedHashMap<>(back.pushedAt());
            now.pushedAt().forEach((tag, at) -> tags.merge(tag, at, (a, b) -> a.isBefore(b) ? a : b));
            return new Batch(tags, back.firstArrival());
        });
    }

    /** The last push accepted for the mirror, for status.lastEvent. */
    public Optional<PushEvent> last(ResourceID mirror) {
        return Optional.ofNullable(last.get(mirror));
    }

    /** The mirror was deleted or stopped receiving webhooks. */
    public void forget(ResourceID mirror) {
        pending.remove(mirror);
        last.remove(mirror);
    }
}
