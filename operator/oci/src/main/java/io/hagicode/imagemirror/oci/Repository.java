package io.hagicode.imagemirror.oci;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A repository in a registry, normalised: {@code registry} is a host with optional port, {@code path} the repository
 * name. The Docker Hub rules live here and nowhere else: no host, {@code docker.io}, {@code index.docker.io} and
 * {@code registry-1.docker.io} all mean Docker Hub, whose API lives at registry-1.docker.io, and a one-part name gets
 * {@code library/}. So does the grammar of names and hosts, which is distribution/reference's (see
 * DistributionReferenceCasesTest, which checks us against its test cases).
 */
public record Repository(String registry, String path) {
    public static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final Set<String> DOCKER_HUB_ALIASES = Set.of(DOCKER_HUB, "index.docker.io", DOCKER_HUB_API);

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    // DNS-style labels (which covers IPv4), or an IPv6 literal in brackets: without a zone and without an embedded IPv4
    // address, which distribution/reference excludes on purpose.
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?"
                    + "|\\[[0-9a-fA-F:]+\\](?::[0-9]{1,5})?");
    /** Registry and path together, as distribution/reference counts them. */
    private static final int MAX_NAME_LENGTH = 255;

    public Repository {
        registry = registryName(registry);
        path = officialPrefix(registry, path);
        String problem = problem(registry, path);
        if (problem != null) {
            throw invalid(registry + "/" + path, problem);
        }
    }

    /** Parses a repository without tag or digest, e.g. {@code docker.io/newbe36524/hagicode}. */
    public static Repository parse(String value) {
        ImageReference ref = ImageReference.parse(value);
        if (ref.tag() != null || ref.digest() != null) {
            throw new IllegalArgumentException("invalid repository '" + value + "': a repository takes no tag or digest");
        }
        return ref.repository();
    }

    /**
     * The name of a registry as {@link #registry()} holds it: Docker Hub's aliases folded into {@link #DOCKER_HUB}, and
     * lower case, since host names are case-insensitive; except a one-label name that only capitals mark as a host
     * ({@code LOCALDOMAIN/app} is registry LOCALDOMAIN, while {@code localdomain/app} is Docker Hub's), which keeps them
     * so that {@link #toString()} parses back to the same repository.
     */
    public static String registryName(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        if (DOCKER_HUB_ALIASES.contains(lower)) {
            return DOCKER_HUB;
        }
        return readsAsHost(lower) ? lower : registry;
    }

    /** True for a host with optional port as a reference may name it, e.g. {@code registry.example.com:5000}. */
    static boolean isValidHost(String host) {
        return host != null && HOST.matcher(host).matches();
    }

    /** The host (and port) that serves the API of {@code registryName} (as {@link #registryName} gives it). */
    static String apiHost(String registryName) {
        return DOCKER_HUB.equals(registryName) ? DOCKER_HUB_API : registryName;
    }

    /**
     * Splits {@code value} into registry and path, applying the Docker Hub default when the first part is no host. As in
     * distribution/reference, the first part is a host when it has a dot, a colon or capitals, or is {@code localhost}:
     * repository names are lower case, so {@code Foo/bar} can only mean registry Foo.
     */
    static Repository split(String value, String original) {
        int slash = value.indexOf('/');
        String first = slash < 0 ? "" : value.substring(0, slash);
        boolean isHost = slash > 0 && (readsAsHost(first) || !first.equals(first.toLowerCase(Locale.ROOT)));
        if (isHost && !isValidHost(first)) {
            throw invalid(original, "'" + first + "' is not a valid registry host");
        }
        String registry = registryName(isHost ? first : DOCKER_HUB);
        String path = officialPrefix(registry, isHost ? value.substring(slash + 1) : value);
        String problem = problem(registry, path);
        if (problem != null) {
            throw invalid(original, problem);
        }
        return new Repository(registry, path);
    }

    private static boolean readsAsHost(String name) {
        return name.contains(".") || name.contains(":") || name.equals("localhost");
    }

    /** Docker Hub's one-part names are its official images, under {@code library/}. */
    private static String officialPrefix(String registry, String path) {
        return DOCKER_HUB.equals(registry) && !path.isEmpty() && !path.contains("/") ? "library/" + path : path;
    }

    /** Why {@code path} cannot be a repository of {@code registry}, or null when it can. */
    private static String problem(String registry, String path) {
        if (path.isEmpty()) {
            return "the repository name is empty";
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                return "'" + component + "' is not a valid repository name component (lowercase letters, digits and "
                        + ". _ - separators)";
            }
        }
        if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
            return "the name is longer than " + MAX_NAME_LENGTH + " characters (registry and path together)";
        }
        return null;
    }

    private static IllegalArgumentException invalid(String reference, String problem) {
        return new IllegalArgumentException("invalid reference '" + reference + "': " + problem);
    }

    /** The host (and port) that serves the registry API. */
    public String apiHost() {
        return apiHost(registry);
    }

    public boolean isDockerHub() {
        return DOCKER_HUB.equals(registry);
    }

    public ImageReference withTag(String tag) {
        return new ImageReference(this, tag, null);
    }

    public ImageReference withDigest(Digest digest) {
        return new ImageReference(this, null, digest);
    }

    @Override
    public String toString() {
        return registry + "/" + path;
    }
}
