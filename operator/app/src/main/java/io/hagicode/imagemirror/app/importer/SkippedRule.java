package io.hagicode.imagemirror.app.importer;

/** A rule left out of the output, with a reason that says what the user can do about it. */
record SkippedRule(YamlEntry entry, String destinationText, String reason) implements ParsedRule {
    static SkippedRule of(ParsedRule rule, String reason) {
        return new SkippedRule(rule.entry(), rule.destinationText(), reason);
    }

    @Override
    public String toString() {
        return where() + ": " + reason;
    }
}
