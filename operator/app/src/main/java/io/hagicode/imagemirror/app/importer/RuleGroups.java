package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Gathers the rules that describe one mirror: the same source with the same tag selection, whatever the key's
 * spelling, and above all the same key written twice. A YAML map keeps only the last value of a repeated key, which
 * is how the seed's images.yaml lost its Azure target; here every rule's destinations are kept and the repetition is
 * reported.
 */
final class RuleGroups {
    /** Rules that become one ImageMirror, in file order, and their targets without repeats. */
    record Group(Repository source, TagSelection tags, List<ImageRule> rules, List<Repository> targets) {
    }

    private RuleGroups() {
    }

    static List<Group> of(List<ImageRule> rules, Consumer<String> warnings) {
        reportRepeatedKeys(rules, warnings);
        Map<List<Object>, List<ImageRule>> bySource = new LinkedHashMap<>();
        for (ImageRule rule : rules) {
            bySource.computeIfAbsent(List.of(rule.source(), rule.tags()), k -> new ArrayList<>()).add(rule);
        }
        List<Group> groups = new ArrayList<>();
        for (List<ImageRule> same : bySource.values()) {
            groups.add(group(same, warnings));
        }
        return groups;
    }

    private static Group group(List<ImageRule> rules, Consumer<String> warnings) {
        ImageRule first = rules.get(0);
        Set<String> spellings = rules.stream().map(r -> r.entry().key().strip())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (spellings.size() > 1) {
            warnings.accept(first.entry().file() + ": keys " + quoted(spellings) + " (lines " + lines(rules)
                    + ") all mean " + first.source() + " (" + first.tags().describe() + "); merged into one ImageMirror");
        }
        LinkedHashSet<Repository> targets = new LinkedHashSet<>();
        for (ImageRule rule : rules) {
            for (Repository destination : rule.destinations()) {
                if (!targets.add(destination)) {
                    warnings.accept(rule.entry().where() + ": destination " + destination
                            + " is listed more than once for this source; used once");
                }
            }
        }
        return new Group(first.source(), first.tags(), List.copyOf(rules), List.copyOf(targets));
    }

    private static void reportRepeatedKeys(List<ImageRule> rules, Consumer<String> warnings) {
        Map<String, List<ImageRule>> byKey = new LinkedHashMap<>();
        for (ImageRule rule : rules) {
            byKey.computeIfAbsent(rule.entry().file() + "\u0000" + rule.entry().key(), k -> new ArrayList<>()).add(rule);
        }
        for (List<ImageRule> same : byKey.values()) {
            if (same.size() < 2) {
                continue;
            }
            ImageRule first = same.get(0);
            List<String> destinations = same.stream().flatMap(r -> r.destinations().stream()).map(Repository::toString)
                    .distinct().toList();
            List<String> kept = same.get(same.size() - 1).destinations().stream().map(Repository::toString).toList();
            long dropped = destinations.stream().filter(d -> !kept.contains(d)).count();
            warnings.accept(first.entry().file() + ": key '" + first.entry().key() + "' is written " + same.size()
                    + " times (lines " + lines(same) + "). A YAML parser keeps only the last one, which would drop "
                    + dropped + " of its " + destinations.size() + " destinations; all of them are kept, merged into "
                    + "one ImageMirror: " + String.join(", ", destinations));
        }
    }

    private static String lines(List<ImageRule> rules) {
        return rules.stream().map(r -> Integer.toString(r.entry().line())).collect(Collectors.joining(", "));
    }

    private static String quoted(Set<String> keys) {
        return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
    }
}
