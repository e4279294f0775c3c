package io.hagicode.imagemirror.testkit;

import java.util.List;

/** What to build under one tag: a single image manifest, or an index over several. */
public record FixtureImage(List<ImageSpec> images, boolean index) {

    public FixtureImage {
        images = List.copyOf(images);
        if (images.isEmpty() || (!index && images.size() != 1)) {
            throw new IllegalArgumentException("a single image needs exactly one ImageSpec, an index at least one; got "
                    + images.size());
        }
    }

    public static FixtureImage single(ImageSpec image) {
        return new FixtureImage(List.of(image), false);
    }

    public static FixtureImage index(ImageSpec... images) {
        return new FixtureImage(List.of(images), true);
    }

    /** An index of {@link ImageSpec#seeded} images, one per platform, sharing the base layer. */
    public static FixtureImage seededIndex(long seed, String... platforms) {
        if (platforms.length == 0) {
            throw new IllegalArgumentException("an index needs at least one platform");
        }
        return new FixtureImage(java.util.Arrays.stream(platforms).map(p -> ImageSpec.seeded(p, seed)).toList(), true);
    }
}
