package io.hagicode.imagemirror.bench;

import java.util.Locale;

/**
 * A goal of the performance issue, checked against one measured figure.
 *
 * @param name     what is measured
 * @param target   the goal as written in the issue, e.g. "≤ 0.50×"
 * @param measured the figure as measured, formatted
 * @param met      null when the scenario did not run
 * @param distance how far off a missed goal is, "" when met
 */
record Goal(String name, String target, String measured, Boolean met, String distance) {

    static Goal notRun(String name, String target) {
        return new Goal(name, target, "not run", null, "");
    }

    /** {@code value ≤ limit}; a miss says by how many percent. */
    static Goal atMost(String name, double value, double limit, String format, String unit) {
        boolean met = value <= limit;
        String distance = met ? "" : String.format(Locale.ROOT, "%.0f%% over", (value / limit - 1) * 100);
        return new Goal(name, "≤ " + String.format(Locale.ROOT, format, limit) + unit,
                String.format(Locale.ROOT, format, value) + unit, met, distance);
    }

    /** {@code value ≥ floor}; a miss says what fraction of the goal was reached. */
    static Goal atLeast(String name, double value, double floor, String format, String unit) {
        boolean met = value >= floor;
        String distance = met ? "" : String.format(Locale.ROOT, "%.0f%% short", (1 - value / floor) * 100);
        return new Goal(name, "≥ " + String.format(Locale.ROOT, format, floor) + unit,
                String.format(Locale.ROOT, format, value) + unit, met, distance);
    }

    String verdict() {
        if (met == null) {
            return "—";
        }
        return met ? "**met**" : "**missed** (" + distance + ")";
    }
}
