package io.hagicode.imagemirror.app.importer;

import java.util.List;

/**
 * Everything the importer will print, in order: the Secrets, then the ImageMirrors; and, rule by rule in file
 * order, which mirror each rule went into or why it was skipped.
 */
record ImportPlan(List<SecretPlan> secrets, List<MirrorPlan> mirrors, List<RuleOutcome> outcomes) {
    ImportPlan {
        secrets = List.copyOf(secrets);
        mirrors = List.copyOf(mirrors);
        outcomes = List.copyOf(outcomes);
    }

    List<RuleOutcome> skipped() {
        return outcomes.stream().filter(RuleOutcome::skipped).toList();
    }

    long converted() {
        return outcomes.size() - skipped().size();
    }
}
