package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.oci.ImageReference;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses image-syncer's images.yaml rules. Keys: {@code repo} (every tag), {@code repo:t1,t2} (those tags) and
 * {@code repo:/regex/} (tags the regex finds). Values: one destination repository or a list of them. What ImageMirror
 * cannot express is refused with the rule's line, never approximated: digest sources, renamed tags, empty
 * destinations (image-syncer's --registry/--namespace defaults).
 */
final class ImageRules {
    private ImageRules() {
    }

    static List<ImageRule> parse(List<YamlEntry> entries) throws ImportException {
        List<ImageRule> rules = new ArrayList<>();
        for (YamlEntry entry : entries) {
            rules.add(parse(entry));
        }
        return rules;
    }

    static ImageRule parse(YamlEntry entry) throws ImportException {
        String key = entry.key().strip();
        if (key.isEmpty()) {
            throw new ImportException(entry.where() + ": the source is empty");
        }
        if (key.contains("@")) {
            throw new ImportException(entry.where() + ": a digest source is not supported; ImageMirror mirrors tags "
                    + "(use the tag that points at this digest, e.g. 'repo:tag')");
        }
        Repository source;
        TagSelection tags;
        int regexStart = key.indexOf(":/");
        if (regexStart >= 0) {
            source = repository(entry, key.substring(0, regexStart));
            tags = regex(entry, key.substring(regexStart + 2));
        } else {
            Split split = Split.of(key);
            source = repository(entry, split.repository());
            tags = split.tags().isEmpty() ? new TagSelection.All() : new TagSelection.Listed(split.tags());
            checkTags(entry, split.tags());
        }
        return new ImageRule(entry, source, tags, destinations(entry, tags));
    }

    private static TagSelection regex(YamlEntry entry, String rest) throws ImportException {
        if (!rest.endsWith("/") || rest.length() < 2) {
            throw new ImportException(entry.where() + ": a tag regex must be written between slashes, "
                    + "as in 'repo:/^v1\\./'");
        }
        String regex = rest.substring(0, rest.length() - 1);
        String java = GoRegex.toJavaFullMatch(regex);
        try {
            Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            throw new ImportException(entry.where() + ": tag regex /" + regex + "/ is not valid: "
                    + e.getDescription());
        }
        return new TagSelection.Matching(regex);
    }

    private static List<Repository> destinations(YamlEntry entry, TagSelection tags) throws ImportException {
        JsonNode value = entry.value();
        List<String> texts = new ArrayList<>();
        if (value.isTextual()) {
            texts.add(value.asText());
        } else if (value.isArray() && !value.isEmpty()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new ImportException(entry.where() + ": every destination in the list must be a string");
                }
                texts.add(item.asText());
            }
        } else {
            throw new ImportException(entry.where() + ": expected a destination repository or a list of them");
        }
        List<Repository> destinations = new ArrayList<>();
        for (String text : texts) {
            destinations.add(destination(entry, text.strip(), tags));
        }
        return destinations;
    }

    private static Repository destination(YamlEntry entry, String text, TagSelection tags) throws ImportException {
        if (text.isEmpty()) {
            throw new ImportException(entry.where() + ": the destination is empty; image-syncer's --registry/"
                    + "--namespace defaults are not supported, write the destination repository");
        }
        if (text.contains("@")) {
            throw new ImportException(entry.where() + ": destination '" + text + "' has a digest; write the "
                    + "repository only");
        }
        Split split = Split.of(text);
        Repository repository = repository(entry, split.repository());
        boolean sameTags = tags instanceof TagSelection.Listed listed && listed.tags().equals(split.tags());
        if (!split.tags().isEmpty() && !sameTags) {
            throw new ImportException(entry.where() + ": destination '" + text + "' renames tags, which ImageMirror "
                    + "does not do (a mirror keeps the source's tags); write the destination without tags");
        }
        return repository;
    }

    private static Repository repository(YamlEntry entry, String text) throws ImportException {
        try {
            return Repository.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ImportException(entry.where() + ": " + e.getMessage());
        }
    }

    private static void checkTags(YamlEntry entry, List<String> tags) throws ImportException {
        for (String tag : tags) {
            if (!ImageReference.isValidTag(tag)) {
                throw new ImportException(entry.where() + ": '" + tag + "' is not a valid tag");
            }
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
