package io.hagicode.imagemirror.bench;

import java.util.Map;

/**
 * Proves a run did the whole job before its time counts: every tag is on the target with the source's exact
 * digest (a tool that skipped work, or rewrote a manifest, would look fast for the wrong reason).
 */
final class TargetCheck {
    private TargetCheck() {
    }

    static void requireMirrored(String what, String targetHostPort, String repository, Map<String, String> tagDigests) {
        try (FixturePusher target = new FixturePusher(targetHostPort)) {
            int wrong = 0;
            String example = null;
            for (Map.Entry<String, String> e : tagDigests.entrySet()) {
                String found = target.manifestDigest(repository, e.getKey()).orElse("missing");
                if (!found.equals(e.getValue())) {
                    wrong++;
                    example = e.getKey() + " is " + found + ", source has " + e.getValue();
                }
            }
            if (wrong > 0) {
                throw new IllegalStateException(what + ": " + wrong + " of " + tagDigests.size()
                        + " tags not mirrored to " + targetHostPort + "/" + repository + " (e.g. " + example + ")");
            }
        }
    }
}
