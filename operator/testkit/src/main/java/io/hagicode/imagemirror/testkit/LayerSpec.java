package io.hagicode.imagemirror.testkit;

/**
 * A layer of {@code size} random bytes drawn from {@code seed}: the same spec always gives the same gzip'd tar and
 * hence the same digest, which is how images share base layers.
 */
public record LayerSpec(long seed, int size) {
    public static final int DEFAULT_SIZE = 16 * 1024;

    public LayerSpec {
        if (size < 0) {
            throw new IllegalArgumentException("layer size must be >= 0, was " + size);
        }
    }

    public static LayerSpec of(long seed) {
        return new LayerSpec(seed, DEFAULT_SIZE);
    }
}
