package io.hagicode.imagemirror.oci;

import java.util.regex.Pattern;

/** An OS/architecture[/variant] pair, as in an index's {@code platform} object, e.g. {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, String variant) {
    private static final Pattern PART = Pattern.compile("[a-z0-9_.-]+");

    public static Platform parse(String value) {
        String[] parts = value == null ? new String[0] : value.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("invalid platform '" + value + "': expected os/arch[/variant], e.g. linux/amd64");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid platform '" + value + "': '" + part + "' is not a valid name");
            }
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /**
     * True when this filter platform selects {@code candidate}. A filter without a variant matches every variant, so
     * {@code linux/arm} selects {@code linux/arm/v7} and {@code linux/arm/v6}.
     */
    public boolean selects(Platform candidate) {
        return os.equals(candidate.os) && architecture.equals(candidate.architecture)
                && (variant == null || variant.equals(candidate.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
