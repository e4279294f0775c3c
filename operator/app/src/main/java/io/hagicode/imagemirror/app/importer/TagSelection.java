package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.oci.Digest;
import java.util.List;

/**
 * What an image-syncer rule copies from its source: every tag, a comma list, the tags a {@code /regex/} finds, or one
 * manifest pinned by digest.
 */
sealed interface TagSelection {
    String describe();

    /** {@code repo}: every tag. */
    record All() implements TagSelection {
        @Override
        public String describe() {
            return "every tag";
        }
    }

    /** {@code repo:v1,v2}: exactly these tags. */
    record Listed(List<String> tags) implements TagSelection {
        public Listed {
            tags = List.copyOf(tags);
        }

        @Override
        public String describe() {
            return "tags " + String.join(", ", tags);
        }

        /** A regex matching exactly {@code tag}: tags hold only letters, digits, '_', '.' and '-'. */
        static String literal(String tag) {
            StringBuilder out = new StringBuilder();
            for (char c : tag.toCharArray()) {
                if (!Character.isLetterOrDigit(c) && c != '_') {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.toString();
        }
    }

    /** {@code repo:/regex/}: the tags in which image-syncer's Go regexp finds a match. */
    record Matching(String goRegex) implements TagSelection {
        @Override
        public String describe() {
            return "tags matching /" + goRegex + "/";
        }
    }

    /**
     * {@code repo@sha256:...}: one manifest, pushed by digest, or under {@code destinationTag} when the destination
     * names one ({@code repo@sha256:...: other:v1}); {@link MirrorTags} turns it into an entry of {@code spec.digests}.
     */
    record Pinned(Digest digest, String destinationTag) implements TagSelection {
        @Override
        public String describe() {
            return "the manifest " + digest + (destinationTag == null ? "" : " as tag " + destinationTag);
        }
    }
}
