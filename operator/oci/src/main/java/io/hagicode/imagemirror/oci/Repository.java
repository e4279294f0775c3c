package io.hagicode.imagemirror.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository in a registry, normalised: {@code registry} is a host with optional port, {@code path} the repository
 * name. The Docker Hub rules live here and nowhere else: no host, {@code docker.io}, {@code index.docker.io} and
 * {@code registry-1.docker.io} all mean Docker Hub, whose API lives at registry-1.docker.io, and a one-part name gets
 * {@code library/}.
 */
public record Repository(String registry, String path) {
    public static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";

    // The path-component and domain grammar of distribution/reference.
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?"
                    + "|\\[[0-9a-fA-F:.]+\\](?::[0-9]{1,5})?");
    private static final int MAX_NAME_LENGTH = 255;

    public Repository {
        registry = normaliseRegistry(registry);
        if (DOCKER_HUB.equals(registry) && !path.contains("/")) {
            path = "library/" + path;
        }
        validatePath(path, registry + "/" + path);
    }

    /** Parses a repository without tag or digest, e.g. {@code docker.io/newbe36524/hagicode}. */
    public static Repository parse(String value) {
        ImageReference ref = ImageReference.parse(value);
        if (ref.tag() != null || ref.digest() != null) {
            throw new IllegalArgumentException("invalid repository '" + value + "': a repository takes no tag or digest");
        }
        return ref.repository();
    }

    /** Splits {@code value} into registry and path, applying the Docker Hub default when the first part is no host. */
    static Repository split(String value, String original) {
        int slash = value.indexOf('/');
        String first = slash < 0 ? "" : value.substring(0, slash);
        boolean isHost = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || first.startsWith("["));
        if (!isHost) {
            return new Repository(DOCKER_HUB, checkedPath(value, original));
        }
        if (!DOMAIN.matcher(first).matches()) {
            throw new IllegalArgumentException("invalid reference '" + original + "': '" + first + "' is not a valid registry host");
        }
        return new Repository(first, checkedPath(value.substring(slash + 1), original));
    }

    private static String checkedPath(String path, String original) {
        validatePath(path, original);
        return path;
    }

    private static void validatePath(String path, String original) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("invalid reference '" + original + "': the repository name is empty");
        }
        if (path.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("invalid reference '" + original + "': the repository name is longer than "
                    + MAX_NAME_LENGTH + " characters");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid reference '" + original + "': '" + component
                        + "' is not a valid repository name component (lowercase letters, digits and . _ - separators)");
            }
        }
    }

    private static String normaliseRegistry(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "docker.io", "index.docker.io", "registry-1.docker.io" -> DOCKER_HUB;
            default -> lower;
        };
    }

    /** The host (and port) that serves the registry API. */
    public String apiHost() {
        return DOCKER_HUB.equals(registry) ? DOCKER_HUB_API : registry;
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
