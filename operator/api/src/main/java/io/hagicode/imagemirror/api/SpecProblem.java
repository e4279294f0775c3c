package io.hagicode.imagemirror.api;

import java.util.Comparator;
import java.util.List;

/** One thing wrong with a spec: the field path (e.g. {@code spec.tags.include[0]}), the value, and what is wrong. */
public record SpecProblem(String field, String value, String message) {
    /**
     * The spec's properties at every level, in the order the model declares them. The model's checks and the app's
     * grammar checks each find problems in this order; merged and sorted by it, they read top to bottom like the YAML.
     */
    static final List<String> FIELD_ORDER = List.of("spec",
            "source", "targets", "repository", "credentialsSecretRef", "name", "optional", "insecure", "proxy", "url",
            "public",
            "tags", "include", "exclude", "semver", "latest", "digests", "digest", "tag",
            "platforms", "referrers", "mode", "artifactTypes", "schedule", "timeZone", "suspend", "concurrency", "retries", "webhook", "secretRef");

    /**
     * By field path as the spec lays it out, list entries by index ({@code spec.targets} before
     * {@code spec.targets[0]...} before {@code spec.targets[1]...}). A stable sort keeps problems of one field in the
     * order they were found.
     */
    public static final Comparator<SpecProblem> IN_SPEC_ORDER = (a, b) -> comparePaths(a.field(), b.field());

    @Override
    public String toString() {
        return field + (value == null ? "" : " = '" + value + "'") + ": " + message;
    }

    private static int comparePaths(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int byName = Integer.compare(rank(left[i]), rank(right[i]));
            int order = byName != 0 ? byName : Integer.compare(index(left[i]), index(right[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    /** A name the list does not know sorts after the known ones. */
    private static int rank(String segment) {
        int bracket = segment.indexOf('[');
        int rank = FIELD_ORDER.indexOf(bracket < 0 ? segment : segment.substring(0, bracket));
        return rank < 0 ? FIELD_ORDER.size() : rank;
    }

    /** {@code targets[3]} is 3; a segment without an index (the list itself) comes before its entries. */
    private static int index(String segment) {
        int bracket = segment.indexOf('[');
        return bracket < 0 ? -1 : Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
    }
}
