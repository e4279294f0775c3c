package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.TagFilterSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tags one ImageMirror copies: the union of the selections of the image-syncer rules it replaces. Include
 * patterns are alternatives, so a union is exact: {@code repo:v1.0} and {@code repo:/^v2/} to the same destination
 * become {@code include: ['v1\.0', 'v2.*']}, and any rule copying every tag makes the others redundant.
 */
record MirrorTags(boolean every, List<String> listedTags, List<String> regexes) {
    MirrorTags {
        listedTags = List.copyOf(listedTags);
        regexes = List.copyOf(regexes);
    }

    static MirrorTags of(List<TagSelection> selections) {
        Set<String> tags = new LinkedHashSet<>();
        Set<String> regexes = new LinkedHashSet<>();
        boolean every = false;
        for (TagSelection selection : selections) {
            if (selection instanceof TagSelection.All) {
                every = true;
            } else if (selection instanceof TagSelection.Listed listed) {
                tags.addAll(listed.tags());
            } else if (selection instanceof TagSelection.Matching matching) {
                regexes.add(matching.goRegex());
            } else {
                // DigestPins turns pinned rules away before any mirror is planned (pins are not converted yet).
                throw new IllegalStateException("not a tag selection: " + selection.describe());
            }
        }
        return every ? new MirrorTags(true, List.of(), List.of())
                : new MirrorTags(false, new ArrayList<>(tags), new ArrayList<>(regexes));
    }

    /** The ImageMirror filter with the same effect; null when every tag is wanted (no filter at all). */
    TagFilterSpec toFilter() {
        if (every) {
            return null;
        }
        List<String> include = new ArrayList<>();
        listedTags.forEach(tag -> include.add(TagSelection.Listed.literal(tag)));
        regexes.forEach(regex -> include.add(GoRegex.toJavaFullMatch(regex)));
        TagFilterSpec filter = new TagFilterSpec();
        filter.setInclude(include);
        return filter;
    }

    /** Equal for equal sets of tags, whatever the order the rules named them in. */
    Set<String> identity() {
        Set<String> identity = new TreeSet<>();
        if (every) {
            identity.add("*");
        }
        listedTags.forEach(tag -> identity.add("tag:" + tag));
        regexes.forEach(regex -> identity.add("regex:" + regex));
        return identity;
    }

    String describe() {
        if (every) {
            return "every tag";
        }
        List<String> parts = new ArrayList<>();
        if (!listedTags.isEmpty()) {
            parts.add("tags " + String.join(", ", listedTags));
        }
        regexes.forEach(regex -> parts.add("tags matching /" + regex + "/"));
        return String.join(" or ", parts);
    }

    /** What distinguishes this mirror's name from one of the same source copying other tags: e.g. {@code v1-1}. */
    String nameSuffix() {
        String tags = ResourceNames.label(String.join("-", listedTags));
        return regexes.isEmpty() && tags.length() <= 30 ? tags : "tags";
    }
}
