package io.hagicode.imagemirror.app.importer;

import io.hagicode.imagemirror.api.TagFilterSpec;
import java.util.ArrayList;
import java.util.List;

/** Which tags an image-syncer rule syncs: all of them, a comma list, or those a {@code /regex/} finds. */
sealed interface TagSelection {
    /** The ImageMirror filter with the same effect; null when every tag is wanted (no filter at all). */
    TagFilterSpec toFilter();

    String describe();

    /** {@code repo}: every tag. */
    record All() implements TagSelection {
        @Override
        public TagFilterSpec toFilter() {
            return null;
        }

        @Override
        public String describe() {
            return "every tag";
        }
    }

    /** {@code repo:v1,v2}: exactly these tags, each an include pattern matching only itself. */
    record Listed(List<String> tags) implements TagSelection {
        public Listed {
            tags = List.copyOf(tags);
        }

        @Override
        public TagFilterSpec toFilter() {
            TagFilterSpec filter = new TagFilterSpec();
            List<String> include = new ArrayList<>();
            tags.forEach(tag -> include.add(literal(tag)));
            filter.setInclude(include);
            return filter;
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
        public TagFilterSpec toFilter() {
            TagFilterSpec filter = new TagFilterSpec();
            filter.setInclude(new ArrayList<>(List.of(GoRegex.toJavaFullMatch(goRegex))));
            return filter;
        }

        @Override
        public String describe() {
            return "tags matching /" + goRegex + "/";
        }
    }
}
