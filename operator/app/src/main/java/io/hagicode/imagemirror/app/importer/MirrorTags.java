package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.DigestPinSpec;
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
record MirrorTags(boolean every, List<String> listedTags, List<String> regexes, List<TagSelection.Pinned> pins) {
    MirrorTags {
        listedTags = List.copyOf(listedTags);
        regexes = List.copyOf(regexes);
        pins = List.copyOf(pins);
    }

    static MirrorTags of(List<TagSelection> selections) {
        Set<String> tags = new LinkedHashSet<>();
        Set<String> regexes = new LinkedHashSet<>();
        Set<TagSelection.Pinned> pins = new LinkedHashSet<>();
        boolean every = false;
        for (TagSelection selection : selections) {
            if (selection instanceof TagSelection.All) {
                every = true;
            } else if (selection instanceof TagSelection.Listed listed) {
                tags.addAll(listed.tags());
            } else if (selection instanceof TagSelection.Matching matching) {
                regexes.add(matching.goRegex());
            } else if (selection instanceof TagSelection.Pinned pinned) {
                pins.add(pinned);
            }
        }
        return every ? new MirrorTags(true, List.of(), List.of(), new ArrayList<>(pins))
                : new MirrorTags(false, new ArrayList<>(tags), new ArrayList<>(regexes), new ArrayList<>(pins));
    }

    /**
     * The ImageMirror filter with the same effect; null when every tag is wanted and nothing is pinned (no filter at
     * all), or when only pins are (a spec with digests and no filter selects no tag).
     */
    TagFilterSpec toFilter() {
        if (every && !pins.isEmpty()) {
            TagFilterSpec filter = new TagFilterSpec();
            filter.setInclude(new ArrayList<>(List.of(".*")));
            return filter;
        }
        if (every || (listedTags.isEmpty() && regexes.isEmpty())) {
            return null;
        }
        List<String> include = new ArrayList<>();
        listedTags.forEach(tag -> include.add(TagSelection.Listed.literal(tag)));
        regexes.forEach(regex -> include.add(GoRegex.toJavaFullMatch(regex)));
        TagFilterSpec filter = new TagFilterSpec();
        filter.setInclude(include);
        return filter;
    }

    /** The spec's {@code digests}: each pinned manifest, with the destination's tag when the rule named one. */
    List<DigestPinSpec> toDigests() {
        return new ArrayList<>(pins.stream().map(p -> new DigestPinSpec(p.digest().toString(), p.destinationTag()))
                .toList());
    }

    /** Equal for equal sets of tags and pins, whatever the order the rules named them in. */
    Set<String> identity() {
        Set<String> identity = new TreeSet<>();
        if (every) {
            identity.add("*");
        }
        listedTags.forEach(tag -> identity.add("tag:" + tag));
        regexes.forEach(regex -> identity.add("regex:" + regex));
        pins.forEach(pin -> identity.add("pin:" + pin.digest() + ":" + pin.destinationTag()));
        return identity;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        if (every) {
            parts.add("every tag");
        }
        if (!listedTags.isEmpty()) {
            parts.add("tags " + String.join(", ", listedTags));
        }
        regexes.forEach(regex -> parts.add("tags matching /" + regex + "/"));
        pins.forEach(pin -> parts.add(pin.describe()));
        return String.join(" or ", parts);
    }

    /** What distinguishes this mirror's name from one of the same source copying other tags: e.g. {@code v1-1}. */
    String nameSuffix() {
        if (listedTags.isEmpty() && regexes.isEmpty()) {
            return "pinned";
        }
        String tags = ResourceNames.label(String.join("-", listedTags));
        return regexes.isEmpty() && tags.length() <= 30 ? tags : "tags";
    }
}
