package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Gathers rules into mirrors. First every rule copying one source to one destination, whatever its key's spelling,
 * is merged into one target copying the union of their tags (image-syncer would copy each tag once per rule to the
 * same place). Then the targets of a source that copy the same tags share one ImageMirror. Above all a key written
 * twice keeps every destination: a YAML map keeps only the last value, which is how the seed's images.yaml lost its
 * Azure target.
 */
final class RuleGroups {
    /** Rules that become one ImageMirror, in file order, and their targets without repeats. */
    record Group(Repository source, MirrorTags tags, List<ImageRule> rules, List<Repository> targets) {
    }

    private RuleGroups() {
    }

    static List<Group> of(List<ImageRule> rules, Consumer<String> notes, Consumer<String> warnings) {
        reportRepeatedKeys(rules, warnings);
        Map<ImageRule, Integer> order = new IdentityHashMap<>();
        rules.forEach(rule -> order.put(rule, order.size()));
        Map<List<Repository>, List<ImageRule>> byPair = new LinkedHashMap<>();
        for (ImageRule rule : rules) {
            byPair.computeIfAbsent(List.of(rule.source(), rule.destination()), k -> new ArrayList<>()).add(rule);
        }
        Map<List<Object>, List<List<ImageRule>>> bySourceAndTags = new LinkedHashMap<>();
        Map<List<Object>, MirrorTags> tagsOf = new LinkedHashMap<>();
        for (List<ImageRule> pair : byPair.values()) {
            MirrorTags tags = MirrorTags.of(pair.stream().map(ImageRule::tags).toList());
            reportMerge(pair, tags, notes, warnings);
            List<Object> key = List.of(pair.get(0).source(), tags.identity());
            bySourceAndTags.computeIfAbsent(key, k -> new ArrayList<>()).add(pair);
            tagsOf.putIfAbsent(key, tags);
        }
        List<Group> groups = new ArrayList<>();
        bySourceAndTags.forEach((key, pairs) -> {
            List<ImageRule> groupRules = pairs.stream().flatMap(List::stream)
                    .sorted(Comparator.comparing(order::get)).toList();
            List<Repository> targets = pairs.stream().map(p -> p.get(0).destination()).toList();
            groups.add(new Group(groupRules.get(0).source(), tagsOf.get(key), groupRules, targets));
        });
        return groups;
    }

    private static void reportMerge(List<ImageRule> pair, MirrorTags tags, Consumer<String> notes,
                                    Consumer<String> warnings) {
        if (pair.size() < 2) {
            return;
        }
        ImageRule first = pair.get(0);
        Set<YamlEntry> entries = new LinkedHashSet<>();
        pair.forEach(rule -> entries.add(rule.entry()));
        if (entries.size() == 1) {
            warnings.accept(first.entry().where() + ": destination " + first.destination()
                    + " is listed more than once for this source; used once");
            return;
        }
        notes.accept(first.entry().file() + " lines " + lines(entries) + " (keys " + keys(entries)
                + ") all copy " + first.source() + " to " + first.destination() + "; merged into one target that "
                + "copies " + tags.describe());
    }

    private static void reportRepeatedKeys(List<ImageRule> rules, Consumer<String> warnings) {
        Map<String, List<ImageRule>> byKey = new LinkedHashMap<>();
        for (ImageRule rule : rules) {
            byKey.computeIfAbsent(rule.entry().file() + "\u0000" + rule.entry().key(), k -> new ArrayList<>()).add(rule);
        }
        for (List<ImageRule> same : byKey.values()) {
            Set<YamlEntry> entries = new LinkedHashSet<>();
            same.forEach(rule -> entries.add(rule.entry()));
            if (entries.size() < 2) {
                continue;
            }
            YamlEntry first = entries.iterator().next();
            YamlEntry last = same.get(same.size() - 1).entry();
            List<String> destinations = same.stream().map(r -> r.destination().toString()).distinct().toList();
            List<String> kept = same.stream().filter(r -> r.entry().equals(last))
                    .map(r -> r.destination().toString()).toList();
            long dropped = destinations.stream().filter(d -> !kept.contains(d)).count();
            warnings.accept(first.file() + ": key '" + first.key() + "' is written " + entries.size()
                    + " times (lines " + lines(entries) + "). A YAML parser keeps only the last one, which would drop "
                    + dropped + " of its " + destinations.size() + " destinations; all of them are kept: "
                    + String.join(", ", destinations));
        }
    }

    private static String lines(Set<YamlEntry> entries) {
        return entries.stream().map(e -> Integer.toString(e.line())).collect(Collectors.joining(", "));
    }

    private static String keys(Set<YamlEntry> entries) {
        return entries.stream().map(e -> "'" + e.key().strip() + "'").distinct().collect(Collectors.joining(", "));
    }
}
