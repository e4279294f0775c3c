package io.hagicode.imagemirror.oci;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens of one client (so of one registry and one set of credentials), by scope set. A token is used until its
 * {@code expires_in} minus a safety margin, so that it does not expire between our check and the registry's. A token
 * granted for a wider scope set also serves a narrower one (a pull,push token serves a later pull).
 */
final class TokenCache {
    /** What the token specification says to assume when the server gives no {@code expires_in}. */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    static final Duration MARGIN = Duration.ofSeconds(10);

    private final Map<Set<String>, BearerToken> tokens = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    TokenCache(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    TokenCache() {
        this(System::nanoTime);
    }

    /** A token whose scope set includes {@code scopes} and that is still fresh. */
    BearerToken get(Set<String> scopes) {
        long now = nanoClock.getAsLong();
        BearerToken exact = tokens.get(scopes);
        if (exact != null && exact.isValidAt(now)) {
            return exact;
        }
        for (Map.Entry<Set<String>, BearerToken> entry : tokens.entrySet()) {
            if (entry.getKey().containsAll(scopes) && entry.getValue().isValidAt(now)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Stores a token that the server said lives {@code lifetime} (null: unknown). */
    BearerToken put(Set<String> scopes, String value, Duration lifetime) {
        Duration life = lifetime == null || lifetime.isNegative() || lifetime.isZero() ? DEFAULT_LIFETIME : lifetime;
        // Short-lived tokens keep at least half their life rather than being dead on arrival.
        Duration usable = life.compareTo(MARGIN.multipliedBy(2)) > 0 ? life.minus(MARGIN) : life.dividedBy(2);
        BearerToken token = new BearerToken(value, nanoClock.getAsLong() + usable.toNanos());
        tokens.put(Set.copyOf(scopes), token);
        return token;
    }

    /** Forgets every token covering {@code scopes}, after the registry rejected one. */
    void invalidate(Set<String> scopes) {
        tokens.keySet().removeIf(key -> key.containsAll(scopes));
    }
}
