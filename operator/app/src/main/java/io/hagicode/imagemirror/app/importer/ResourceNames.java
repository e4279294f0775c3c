package io.hagicode.imagemirror.app.importer;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Hands out Kubernetes object names (DNS-1123 labels), each once: the first free candidate wins, then -2, -3... */
final class ResourceNames {
    private static final int MAX = 63;
    private final Set<String> taken = new HashSet<>();

    /** E.g. {@code registry.cn-hangzhou.aliyuncs.com} -> {@code registry-cn-hangzhou-aliyuncs-com}. */
    static String label(String text) {
        String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > MAX) {
            name = name.substring(0, MAX).replaceAll("-+$", "");
        }
        return name.isEmpty() ? "imported" : name;
    }

    /** The first candidate not taken yet, or the first candidate with a numeric suffix. */
    String claim(List<String> candidates) {
        for (String candidate : candidates) {
            String name = label(candidate);
            if (taken.add(name)) {
                return name;
            }
        }
        String base = label(candidates.get(0));
        for (int n = 2; ; n++) {
            String suffix = "-" + n;
            String name = (base.length() + suffix.length() > MAX ? base.substring(0, MAX - suffix.length()) : base)
                    + suffix;
            if (taken.add(name)) {
                return name;
            }
        }
    }
}
