package io.hagicode.imagemirror.oci;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Credentials from Docker's {@code config.json}: the {@code auths} entries, each with a base64 {@code auth}
 * ("user:password"), or {@code username}/{@code password}, or an {@code identitytoken}. The one reader of that format,
 * for the CLI's file and the operator's {@code kubernetes.io/dockerconfigjson} Secrets alike. Keys are matched by host,
 * case-insensitively: {@code https://host:5000/v2/} and {@code host:5000} are the same entry, and Docker Hub's
 * historical key {@code https://index.docker.io/v1/} (like every alias {@link Repository#registryName} knows) serves
 * {@link Repository#DOCKER_HUB}.
 *
 * <p>Entries are read as docker/cli reads them (cli/config/configfile/file.go, {@code decodeAuth}): a non-empty
 * {@code auth} wins over {@code username}/{@code password}, must decode to "user:password" with a non-empty user, and
 * NUL characters around the password are dropped; an entry without credentials means anonymous access. When several
 * keys name one registry, the first with credentials counts.
 *
 * <p>Credential helpers ({@code credsStore}, {@code credHelpers}) run external programs; they are not supported and
 * are ignored, with a {@link #notes() note} for the user. Errors name the file and the entry, never a secret.
 */
public final class DockerConfigCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final Map<String, Credentials> byRegistry;
    private final List<String> notes;

    private DockerConfigCredentials(Map<String, Credentials> byRegistry, List<String> notes) {
        this.byRegistry = Map.copyOf(byRegistry);
        this.notes = List.copyOf(notes);
    }

    /** No entries at all: every lookup is anonymous. */
    public static DockerConfigCredentials empty() {
        return new DockerConfigCredentials(Map.of(), List.of());
    }

    /**
     * Where Docker looks: {@code $DOCKER_CONFIG/config.json}, then {@code ~/.docker/config.json}; empty when neither
     * exists.
     */
    public static Optional<Path> defaultLocation() {
        return defaultLocation(System::getenv, Path.of(System.getProperty("user.home", "")));
    }

    static Optional<Path> defaultLocation(Function<String, String> env, Path home) {
        String dockerConfig = env.apply("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            Path file = Path.of(dockerConfig).resolve("config.json");
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        Path file = home.resolve(".docker").resolve("config.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Reads {@code file}. @throws IllegalArgumentException for a missing, unreadable or malformed file */
    public static DockerConfigCredentials load(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("Docker config " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Docker config " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, "Docker config " + file);
    }

    /**
     * Parses config.json content. {@code source} says what it is in error messages, e.g. "Docker config /path" or the
     * Secret key that held it; no message quotes a value from the content.
     */
    public static DockerConfigCredentials parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the offending text, which could be a secret: only the position is given.
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(source + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + source, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " is not a JSON object");
        }
        Map<String, Credentials> entries = new LinkedHashMap<>();
        JsonNode auths = root.get("auths");
        if (auths != null && !auths.isNull()) {
            if (!auths.isObject()) {
                throw new IllegalArgumentException(source + ": \"auths\" is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Credentials credentials = DockerAuthEntry.parse(entry.getValue(), source, entry.getKey());
                entries.merge(registryOfKey(entry.getKey()), credentials,
                        (first, later) -> first == Credentials.ANONYMOUS ? later : first);
            }
        }
        return new DockerConfigCredentials(entries, helperNotes(root, source));
    }

    /** The credentials for {@code registry} (as in {@link Repository#registry()}), or anonymous. */
    public Credentials lookup(String registry) {
        return find(registry).orElse(Credentials.ANONYMOUS);
    }

    /** The credentials for the registry of {@code repository}, or anonymous. */
    public Credentials lookup(Repository repository) {
        return lookup(repository.registry());
    }

    /** The entry for {@code registry}, if the file has one (its credentials may be anonymous). */
    public Optional<Credentials> find(String registry) {
        return Optional.ofNullable(byRegistry.get(registryOfKey(registry)));
    }

    /** Things the user should know, e.g. that configured credential helpers were ignored. */
    public List<String> notes() {
        return notes;
    }

    /** The registries the file has entries for, normalised. */
    public List<String> registries() {
        return List.copyOf(byRegistry.keySet());
    }

    /**
     * The registry an {@code auths} key (or a registry name being looked up) means: without scheme and path, in lower
     * case, named as {@link Repository#registryName} names it.
     */
    static String registryOfKey(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        return Repository.registryName(k);
    }

    private static List<String> helperNotes(JsonNode root, String source) {
        List<String> notes = new ArrayList<>();
        JsonNode store = root.get("credsStore");
        if (store != null && store.isTextual() && !store.asText().isBlank()) {
            notes.add(source + " sets credsStore '" + store.asText() + "': credential helpers are "
                    + "not supported and it was ignored; put credentials in 'auths' or pass them explicitly");
        }
        JsonNode helpers = root.get("credHelpers");
        if (helpers != null && helpers.isObject() && helpers.size() > 0) {
            List<String> hosts = new ArrayList<>();
            helpers.fieldNames().forEachRemaining(hosts::add);
            notes.add(source + " sets credHelpers for " + String.join(", ", hosts)
                    + ": credential helpers are not supported and were ignored");
        }
        return notes;
    }

    @Override
    public String toString() {
        return "DockerConfigCredentials" + byRegistry.keySet();
    }

    /** One {@code auths} entry. */
    private static final class DockerAuthEntry {
        private DockerAuthEntry() {
        }

        static Credentials parse(JsonNode entry, String source, String key) {
            String which = source + ": auths entry \"" + key + "\"";
            if (!entry.isObject()) {
                throw new IllegalArgumentException(which + " is not an object");
            }
            String username = text(entry, "username");
            String password = text(entry, "password");
            String auth = text(entry, "auth");
            if (auth != null) {
                String decoded = decode(auth, which);
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(which + ": \"auth\" does not decode to username:password");
                }
                username = decoded.substring(0, colon);
                password = stripNuls(decoded.substring(colon + 1));
            }
            String identityToken = text(entry, "identitytoken");
            if (identityToken != null) {
                return new Credentials.IdentityToken(username == null ? "" : username, identityToken);
            }
            if (username != null && password != null) {
                return Credentials.basic(username, password);
            }
            return Credentials.ANONYMOUS;
        }

        private static String decode(String auth, String which) {
            try {
                return new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(which + ": \"auth\" is not valid base64");
            }
        }

        /** As docker/cli does, whose decoder leaves NUL padding after the password and trims it. */
        private static String stripNuls(String password) {
            int start = 0;
            int end = password.length();
            while (start < end && password.charAt(start) == '\0') {
                start++;
            }
            while (end > start && password.charAt(end - 1) == '\0') {
                end--;
            }
            return password.substring(start, end);
        }

        private static String text(JsonNode entry, String field) {
            JsonNode node = entry.get(field);
            return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
        }
    }
}
