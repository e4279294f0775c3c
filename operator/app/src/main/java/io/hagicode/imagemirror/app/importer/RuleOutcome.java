package io.hagicode.imagemirror.app.importer;

/** What became of one rule: part of ImageMirror {@code mirror}, or skipped for {@code skipReason}. */
record RuleOutcome(ParsedRule rule, String mirror, String skipReason) {
    boolean skipped() {
        return skipReason != null;
    }

    @Override
    public String toString() {
        return rule.where() + (skipped() ? ": skipped: " + skipReason : ": ImageMirror " + mirror);
    }
}
