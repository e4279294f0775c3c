package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.hagicode.imagemirror.api.FieldLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of one status, updated the way Kubernetes API conventions ask: {@code lastTransitionTime} moves only
 * when a condition's status flips, so an identical sync leaves it untouched (and the status patch empty). Types keep
 * their first-seen order so the YAML does not reshuffle.
 */
final class ConditionSet {
    static final String READY = "Ready";
    static final String SYNCING = "Syncing";
    static final String PUBLIC_PULL = "PublicPull";

    static final String TRUE = "True";
    static final String FALSE = "False";
    static final String UNKNOWN = "Unknown";

    private final List<Condition> conditions;

    ConditionSet(List<Condition> existing) {
        this.conditions = new ArrayList<>();
        for (Condition c : existing) {
            conditions.add(copy(c));
        }
    }

    Optional<Condition> get(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    boolean isTrue(String type) {
        return get(type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    void put(String type, boolean status, String reason, String message, Long observedGeneration, Instant now) {
        put(type, status ? TRUE : FALSE, reason, message, observedGeneration, now);
    }

    /** @param statusText {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} */
    void put(String type, String statusText, String reason, String message, Long observedGeneration, Instant now) {
        Condition wanted = new Condition();
        wanted.setType(type);
        wanted.setStatus(statusText);
        wanted.setReason(reason);
        wanted.setMessage(withinLimit(message));
        wanted.setObservedGeneration(observedGeneration);
        Optional<Condition> current = get(type);
        wanted.setLastTransitionTime(current.filter(c -> statusText.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(Timestamps.seconds(now)));
        if (current.isPresent()) {
            conditions.set(conditions.indexOf(current.get()), wanted);
        } else {
            conditions.add(wanted);
        }
    }

    /** Drops the condition, for a type that no longer applies (e.g. PublicPull once no target is public). */
    void remove(String type) {
        conditions.removeIf(c -> type.equals(c.getType()));
    }

    /**
     * The CRD bounds a message as metav1.Condition does; a longer one (an invalid spec listing many long values) would
     * make the API server refuse the whole status patch, so it is cut, saying so.
     */
    static String withinLimit(String message) {
        String text = message == null ? "" : message;
        int max = FieldLimits.CONDITION_MESSAGE_LENGTH;
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        String more = " ... (cut to " + max + " characters)";
        return text.substring(0, text.offsetByCodePoints(0, max - more.length())) + more;
    }

    List<Condition> toList() {
        List<Condition> out = new ArrayList<>();
        conditions.forEach(c -> out.add(copy(c)));
        return out;
    }

    private static Condition copy(Condition c) {
        Condition copy = new Condition();
        copy.setType(c.getType());
        copy.setStatus(c.getStatus());
        copy.setReason(c.getReason());
        copy.setMessage(c.getMessage());
        copy.setObservedGeneration(c.getObservedGeneration());
        copy.setLastTransitionTime(c.getLastTransitionTime());
        return copy;
    }
}
