package io.hagicode.imagemirror.app.importer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns auth.yaml's username and password strings into real values, the way image-syncer does: {@code $VAR} and
 * {@code ${VAR}} are read from the environment (Go's os.ExpandEnv). A GitHub Actions expression such as
 * {@code ${{ secrets.AZURE_ACR_PASSWORD }}} is not a value at all (the workflow substitutes it before image-syncer
 * runs), so it cannot be resolved here; its secret names are kept as a hint for the person filling in the Secret.
 */
final class CredentialValues {
    private static final Pattern ACTIONS_SECRET = Pattern.compile("secrets\\.([A-Za-z_][A-Za-z0-9_]*)");

    /** The values, or why they could not be had. Never printed whole: toString hides the password. */
    record Resolved(String username, String password) {
        @Override
        public String toString() {
            return "Resolved[username=" + username + ", password=***]";
        }
    }

    private CredentialValues() {
    }

    static boolean isActionsExpression(String value) {
        return EnvReferences.hasActionsExpression(value);
    }

    /** The GitHub Actions secrets an entry's values come from, e.g. AZURE_ACR_USERNAME. */
    static List<String> actionsSecrets(AuthEntry entry) {
        Set<String> names = new LinkedHashSet<>();
        for (String value : new String[] {entry.username(), entry.password()}) {
            for (String expression : EnvReferences.actionsExpressions(value)) {
                Matcher secret = ACTIONS_SECRET.matcher(expression);
                while (secret.find()) {
                    names.add(secret.group(1));
                }
            }
        }
        return List.copyOf(names);
    }

    /** Expands environment references; a reference to an unset variable is an error, not an empty password. */
    static Resolved resolve(AuthEntry entry, Function<String, String> environment) throws ImportException {
        return new Resolved(expand(entry, "username", entry.username(), environment),
                expand(entry, "password", entry.password(), environment));
    }

    private static String expand(AuthEntry entry, String field, String value, Function<String, String> environment)
            throws ImportException {
        if (value == null) {
            return "";
        }
        List<String> unset = EnvReferences.unset(value, environment);
        if (!unset.isEmpty()) {
            throw new ImportException(entry.entry().where() + ": " + field + " refers to environment variable "
                    + unset.get(0) + ", which is not set");
        }
        return EnvReferences.expand(value, environment);
    }
}
