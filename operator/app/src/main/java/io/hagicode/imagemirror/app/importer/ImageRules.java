package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.oci.ImageReference;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads image-syncer's images.yaml rules. Keys: {@code repo} (every tag), {@code repo:t1,t2} (those tags),
 * {@code repo:/regex/} (tags the regex finds) and {@code repo@sha256:...} (one manifest). Values: one destination or a
 * list of them; image-syncer expands {@code $VAR} in destinations (not in keys) when it runs. A pair that ImageMirror
 * cannot express becomes a {@link SkippedRule} saying why and what to do instead; the other pairs are unaffected.
 */
final class ImageRules {
    private final Function<String, String> environment;
    private final SkopeoCommand skopeo;
    private final Consumer<String> notes;

    /** Why one rule cannot be converted; caught right here and turned into a {@link SkippedRule}. */
    private static final class Unconvertible extends Exception {
        Unconvertible(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A source key, read: the repository and what it selects ({@code Pinned} without a destination tag yet). */
    private record Source(Repository repository, TagSelection tags) {
    }

    ImageRules(Function<String, String> environment, SkopeoCommand skopeo, Consumer<String> notes) {
        this.environment = environment;
        this.skopeo = skopeo;
        this.notes = notes;
    }

    List<ParsedRule> parse(List<YamlEntry> entries) {
        List<ParsedRule> rules = new ArrayList<>();
        for (YamlEntry entry : entries) {
            rules.addAll(parse(entry));
        }
        return rules;
    }

    private List<ParsedRule> parse(YamlEntry entry) {
        List<String> destinations;
        try {
            destinations = destinationTexts(entry);
        } catch (Unconvertible e) {
            return List.of(new SkippedRule(entry, null, e.getMessage()));
        }
        Source source;
        try {
            source = source(entry.key().strip());
        } catch (Unconvertible e) {
            return destinations.stream().map(d -> (ParsedRule) new SkippedRule(entry, d, e.getMessage())).toList();
        }
        List<ParsedRule> rules = new ArrayList<>();
        for (String destination : destinations) {
            try {
                rules.add(rule(entry, source, destination));
            } catch (Unconvertible e) {
                rules.add(new SkippedRule(entry, destination, e.getMessage()));
            }
        }
        return rules;
    }

    private static List<String> destinationTexts(YamlEntry entry) throws Unconvertible {
        JsonNode value = entry.value();
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (value.isNull() || value.isArray() && value.isEmpty()) {
            throw new Unconvertible("no destination; image-syncer stops on this too ('empty destination is not "
                    + "supported'): write the destination repository");
        }
        if (!value.isArray()) {
            throw new Unconvertible("expected a destination repository or a list of them, found " + kind(value)
                    + "; image-syncer fails on this rule too");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new Unconvertible("item " + (texts.size() + 1) + " of the destination list is " + kind(item)
                        + ", not a repository; image-syncer fails on this rule too");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static String kind(JsonNode node) {
        return node.isObject() ? "a mapping" : node.isArray() ? "a list" : node.isBoolean() ? "a boolean"
                : node.isPojo() ? "a number" : node.isNull() ? "nothing" : "a string";
    }

    private static Source source(String key) throws Unconvertible {
        if (key.isEmpty()) {
            throw new Unconvertible("the source is empty");
        }
        if (EnvReferences.hasActionsExpression(key)) {
            throw new Unconvertible("the source is a GitHub Actions expression, which the workflow replaces before "
                    + "image-syncer runs; write the value it has there");
        }
        int regexStart = key.indexOf(":/");
        String named = regexStart >= 0 ? key.substring(0, regexStart) : key;
        if (named.contains("$")) {
            throw new Unconvertible("image-syncer expands environment variables in destinations and credentials, "
                    + "not in a source key, so it fails on this rule too; write the source repository out");
        }
        if (regexStart >= 0) {
            return new Source(repository(named), regex(key.substring(regexStart + 2)));
        }
        if (key.contains("@")) {
            // As in image-syncer (containers/image): a reference with a digest means that digest; a tag beside it is
            // ignored.
            ImageReference pinned = reference(key);
            return new Source(pinned.repository(), new TagSelection.Pinned(pinned.digest(), null));
        }
        Split split = Split.of(key);
        for (String tag : split.tags()) {
            if (!ImageReference.isValidTag(tag)) {
                throw new Unconvertible("'" + tag + "' is not a valid tag");
            }
        }
        return new Source(repository(split.repository()),
                split.tags().isEmpty() ? new TagSelection.All() : new TagSelection.Listed(split.tags()));
    }

    private static TagSelection regex(String rest) throws Unconvertible {
        if (!rest.endsWith("/") || rest.length() < 2) {
            throw new Unconvertible("a tag regex must be written between slashes, as in 'repo:/^v1\\./'; image-syncer "
                    + "fails on this rule too");
        }
        String regex = rest.substring(0, rest.length() - 1);
        String notRe2 = GoRegex.unsupportedByRe2(regex);
        if (notRe2 != null) {
            throw new Unconvertible("tag regex /" + regex + "/ uses " + notRe2 + ", which Go's regexp (RE2) does not "
                    + "have, so image-syncer fails on this rule; rewrite it without");
        }
        try {
            Pattern.compile(GoRegex.toJavaFullMatch(regex));
        } catch (PatternSyntaxException e) {
            throw new Unconvertible("tag regex /" + regex + "/ is not valid: " + e.getDescription());
        }
        return new TagSelection.Matching(regex);
    }

    private ImageRule rule(YamlEntry entry, Source source, String written) throws Unconvertible {
        String text = written.strip();
        if (text.isEmpty()) {
            throw new Unconvertible("the destination is empty; image-syncer stops on this too ('empty destination is "
                    + "not supported'): write the destination repository");
        }
        if (EnvReferences.hasActionsExpression(text)) {
            throw new Unconvertible("the destination is a GitHub Actions expression, which the workflow replaces "
                    + "before image-syncer runs; write the value it has there");
        }
        String expanded = expand(entry, text);
        if (expanded.contains("@")) {
            ImageReference pinned = reference(expanded);
            if (!(source.tags() instanceof TagSelection.Pinned pin) || !pin.digest().equals(pinned.digest())) {
                throw new Unconvertible("destination '" + expanded + "' names a digest, which image-syncer allows only "
                        + "for the same digest in the source key; write the repository alone");
            }
            return checked(entry, written, source, source.tags(), pinned.repository());
        }
        Split split = Split.of(expanded);
        Repository destination = repository(split.repository());
        TagSelection tags = destinationTags(source, split.tags(), destination);
        return checked(entry, written, source, tags, destination);
    }

    private static ImageRule checked(YamlEntry entry, String written, Source source, TagSelection tags,
                                     Repository destination) throws Unconvertible {
        if (destination.equals(source.repository())) {
            throw new Unconvertible("the destination is the source repository itself");
        }
        return new ImageRule(entry, written, source.repository(), tags, destination);
    }

    /** {@code $VAR} as image-syncer reads it when it runs, from this process's environment. */
    private String expand(YamlEntry entry, String text) throws Unconvertible {
        List<String> variables = EnvReferences.variables(text);
        if (variables.isEmpty()) {
            return text;
        }
        List<String> unset = EnvReferences.unset(text, environment);
        if (!unset.isEmpty()) {
            throw new Unconvertible("destination '" + text + "' uses environment variable"
                    + (unset.size() > 1 ? "s " : " ") + String.join(", ", unset) + ", which image-syncer replaces "
                    + "with the value it has when it runs (an unset one with nothing); not set here: run the importer "
                    + "with " + String.join(", ", unset) + " set as image-syncer had it, or write the destination out");
        }
        String expanded = EnvReferences.expand(text, environment);
        notes.accept(entry.where() + ": destination '" + text + "' read as '" + expanded + "' ("
                + String.join(", ", variables) + " from the environment, as image-syncer expands it)");
        return expanded;
    }

    /** The destination's tags must leave the source's alone: a mirror keeps tag names. */
    private TagSelection destinationTags(Source source, List<String> tags, Repository destination)
            throws Unconvertible {
        if (source.tags() instanceof TagSelection.Pinned pin) {
            if (tags.size() > 1) {
                throw new Unconvertible("a digest goes to one tag at most; image-syncer fails on this rule too");
            }
            return tags.isEmpty() ? pin : new TagSelection.Pinned(pin.digest(), tags.get(0));
        }
        if (tags.isEmpty()) {
            return source.tags();
        }
        if (!(source.tags() instanceof TagSelection.Listed listed)) {
            throw new Unconvertible("the destination names tag " + String.join(",", tags) + " for "
                    + source.tags().describe() + "; image-syncer can only rename one tag to one (and fails on this "
                    + "rule unless exactly one tag is selected); write the destination without a tag");
        }
        if (listed.tags().equals(tags)) {
            return listed;
        }
        if (listed.tags().size() != tags.size()) {
            throw new Unconvertible("the destination names " + tags.size() + " tag(s) for the source's "
                    + listed.tags().size() + "; image-syncer fails on this rule too ('the number of tags of source "
                    + "and destination is not matched')");
        }
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            commands.add("`" + skopeo.copy(source.repository().withTag(listed.tags().get(i)),
                    destination.withTag(tags.get(i))) + "`");
        }
        throw new Unconvertible("renames tags (" + String.join(", ", listed.tags()) + " to " + String.join(", ", tags)
                + "), and an ImageMirror keeps the source's tag names; copy it once with " + String.join("; ", commands)
                + ", or drop the tags from the destination to mirror them under their own names");
    }

    private static Repository repository(String text) throws Unconvertible {
        try {
            return Repository.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Unconvertible(e.getMessage());
        }
    }

    private static ImageReference reference(String text) throws Unconvertible {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Unconvertible(e.getMessage());
        }
    }

    /** {@code host/path:t1,t2} into the repository and its tags (none when there is no ':' after the last '/'). */
    private record Split(String repository, List<String> tags) {
        static Split of(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= text.lastIndexOf('/')) {
                return new Split(text, List.of());
            }
            LinkedHashSet<String> tags = new LinkedHashSet<>();
            for (String tag : text.substring(colon + 1).split(",", -1)) {
                tags.add(tag.strip());
            }
            return new Split(text.substring(0, colon), List.copyOf(tags));
        }
    }
}
