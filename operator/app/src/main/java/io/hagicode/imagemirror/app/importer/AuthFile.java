package io.hagicode.imagemirror.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.hagicode.imagemirror.oci.Repository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** image-syncer's auth.yaml: per registry (or registry/namespace) a username, a password and an insecure switch. */
final class AuthFile {
    private static final Set<String> FIELDS = Set.of("username", "password", "insecure");
    /** image-syncer's older examples name Docker Hub by this host; Repository knows the other aliases. */
    private static final String OLD_DOCKER_HUB_HOST = "registry.hub.docker.com";

    private final List<AuthEntry> entries;

    private AuthFile(List<AuthEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    static AuthFile parse(List<YamlEntry> yaml, Consumer<String> warnings) throws ImportException {
        Map<String, AuthEntry> byScope = new LinkedHashMap<>();
        for (YamlEntry item : yaml) {
            AuthEntry entry = entry(item);
            AuthEntry earlier = byScope.putIfAbsent(entry.scope(), entry);
            if (earlier == null) {
                continue;
            }
            if (!earlier.sameSettingsAs(entry)) {
                throw new ImportException(item.where() + ": '" + entry.scope() + "' already has different settings at "
                        + earlier.entry().file() + " line " + earlier.entry().line() + "; keep one of them");
            }
            warnings.accept(item.where() + ": repeats line " + earlier.entry().line() + " with the same settings; "
                    + "used once");
        }
        return new AuthFile(new ArrayList<>(byScope.values()));
    }

    List<AuthEntry> entries() {
        return entries;
    }

    /**
     * The most specific entry covering {@code repository}, as image-syncer's README says it chooses. (Its code, GetAuth
     * in pkg/client/config.go, never updates the length it compares with, so it takes whichever covering entry Go's
     * randomly ordered map walk visits last; {@link #covering} lets the planner say so where it matters.)
     */
    Optional<AuthEntry> match(Repository repository) {
        return covering(repository).stream().findFirst();
    }

    /** Every entry covering {@code repository}, the most specific first. */
    List<AuthEntry> covering(Repository repository) {
        return entries.stream().filter(e -> e.covers(repository))
                .sorted(Comparator.comparingInt(AuthEntry::specificity).reversed()).toList();
    }

    private static AuthEntry entry(YamlEntry item) throws ImportException {
        JsonNode value = item.value();
        if (!value.isObject()) {
            throw new ImportException(item.where() + ": expected a mapping with username, password and/or insecure");
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new ImportException(item.where() + ": unknown field '" + field
                        + "' (known: username, password, insecure)");
            }
        }
        String[] scope = scope(item);
        return new AuthEntry(item, scope[0], scope[1], text(item, "username"), text(item, "password"),
                insecure(item));
    }

    /** {registry, pathPrefix}, normalised the way the rules' repositories are. */
    private static String[] scope(YamlEntry item) throws ImportException {
        String key = item.key().strip();
        int scheme = key.indexOf("://");
        if (scheme >= 0) {
            key = key.substring(scheme + 3);
        }
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        int slash = key.indexOf('/');
        String host = (slash < 0 ? key : key.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : key.substring(slash + 1);
        if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            throw new ImportException(item.where() + ": the key must start with a registry host, e.g. 'quay.io' or "
                    + "'quay.io/coreos'");
        }
        if (host.equals(OLD_DOCKER_HUB_HOST)) {
            host = Repository.DOCKER_HUB;
        }
        try {
            // Probe with a two-part child path: Repository would turn a one-part Docker Hub name into library/x.
            Repository probe = Repository.parse(host + "/" + (path.isEmpty() ? "" : path + "/") + "probe/x");
            String prefix = probe.path().substring(0, probe.path().length() - "probe/x".length());
            return new String[] {probe.registry(), prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1)};
        } catch (IllegalArgumentException e) {
            throw new ImportException(item.where() + ": not a registry or registry/namespace: " + e.getMessage());
        }
    }

    private static String text(YamlEntry item, String field) throws ImportException {
        JsonNode node = item.value().get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isPojo() && ((POJONode) node).getPojo() instanceof TopLevelEntries.NumberText number) {
            return number.text();
        }
        throw new ImportException(item.where() + ": '" + field + "' must be a string");
    }

    private static boolean insecure(YamlEntry item) throws ImportException {
        JsonNode node = item.value().get("insecure");
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String text = node.asText().strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ImportException(item.where() + ": 'insecure' must be true or false");
    }
}
