package io.hagicode.imagemirror.testkit;

/** Flags of {@code skopeo copy}. */
public enum CopyOption {
    /** {@code --all}: copy every platform of an index; without it skopeo picks one and the digest changes. */
    ALL("--all"),
    /** {@code --format v2s2}: Docker schema 2 manifests (an index becomes a Docker manifest list). */
    FORMAT_V2S2("--format", "v2s2"),
    /** {@code --format oci}. */
    FORMAT_OCI("--format", "oci"),
    /** {@code --preserve-digests}: fail rather than change a manifest. */
    PRESERVE_DIGESTS("--preserve-digests");

    private final String[] flags;

    CopyOption(String... flags) {
        this.flags = flags;
    }

    String[] flags() {
        return flags.clone();
    }
}
