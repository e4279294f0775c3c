package io.hagicode.imagemirror.app.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two kinds of reference an image-syncer file may hold instead of a value. {@code $VAR} and {@code ${VAR}} are
 * expanded by image-syncer itself (Go's os.ExpandEnv) in auth credentials and in destinations, never in a source key.
 * A GitHub Actions expression such as {@code ${{ secrets.X }}} is replaced by the workflow before image-syncer runs,
 * so a file copied out of a workflow still holds it and no environment can resolve it.
 */
final class EnvReferences {
    private static final Pattern ACTIONS_EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private EnvReferences() {
    }

    static boolean hasActionsExpression(String value) {
        return value != null && ACTIONS_EXPRESSION.matcher(value).find();
    }

    /** The inside of each {@code ${{ ... }}}, e.g. {@code secrets.AZURE_ACR_PASSWORD}. */
    static List<String> actionsExpressions(String value) {
        List<String> found = new ArrayList<>();
        Matcher m = ACTIONS_EXPRESSION.matcher(value == null ? "" : value);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The environment variables {@code value} refers to, in order, each once. */
    static List<String> variables(String value) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(value == null ? "" : value);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return new ArrayList<>(names);
    }

    /** The variables of {@code value} that {@code environment} does not set. */
    static List<String> unset(String value, Function<String, String> environment) {
        return variables(value).stream().filter(name -> environment.apply(name) == null).toList();
    }

    /** {@code value} with every variable replaced; callers check {@link #unset} first. */
    static String expand(String value, Function<String, String> environment) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = environment.apply(m.group(1) != null ? m.group(1) : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(resolved == null ? "" : resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}
