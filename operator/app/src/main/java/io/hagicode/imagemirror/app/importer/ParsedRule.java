package io.hagicode.imagemirror.app.importer;

/**
 * One image-syncer rule, read: a source key and one of its destinations, image-syncer's own unit of work (it makes a
 * task per pair). Either an {@link ImageRule} the importer can plan, or a {@link SkippedRule} with the reason.
 */
sealed interface ParsedRule permits ImageRule, SkippedRule {
    YamlEntry entry();

    /** The destination as written, or null when the key's value holds no readable destination. */
    String destinationText();

    /** {@code images.yaml line 4, key 'repo@sha256:…' -> quay.io/ruohe/repo}. */
    default String where() {
        return entry().where() + (destinationText() == null ? "" : " -> " + destinationText());
    }
}
