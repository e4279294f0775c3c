package io.hagicode.imagemirror.sync;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether one registry has the referrers API, learned from the first call of a sync: an answer means yes, a 404 (an
 * empty result) means no, and then no later call is made. The first call runs alone; calls that arrive meanwhile wait
 * for its answer rather than each asking too (on a no-op of 1,000 tags they would otherwise all ask at once).
 */
final class ApiSupport {
    private volatile Boolean known;

    /**
     * {@code call}'s answer, or empty without calling once the registry is known to have no API. A first call that
     * fails decides nothing: the next caller asks again.
     */
    <T> Optional<T> call(Supplier<Optional<T>> call) {
        Boolean decided = known;
        if (decided == null) {
            synchronized (this) {
                if (known == null) {
                    Optional<T> first = call.get();
                    known = first.isPresent();
                    return first;
                }
                decided = known;
            }
        }
        return decided ? call.get() : Optional.empty();
    }
}
