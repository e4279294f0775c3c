package io.hagicode.imagemirror.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the {@code skopeo} binary (1.9) against test registries and OCI layouts. Every call has a timeout; a non-zero
 * exit throws {@link CommandFailedException} carrying skopeo's stderr (credentials masked in the command shown).
 * Registry flags (TLS, CA dir, credentials) come from the {@link ImageLocation}s, so tests stay short.
 */
public final class Skopeo {
    static final RealDependency PROGRAM =
            RealDependency.executable("skopeo", "/usr/bin/skopeo", "apt-get install -y skopeo");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration timeout;

    public Skopeo() {
        this(Duration.ofMinutes(5));
    }

    public Skopeo(Duration timeout) {
        this.timeout = timeout;
    }

    /** Returns when skopeo is installed; otherwise skips the calling test, or fails it in CI ({@link RealDependency}). */
    public static void assumeInstalled() {
        PROGRAM.require();
    }

    /** Where skopeo is (overridable with {@code -Dimagemirror.bin.skopeo}), for tests that run it themselves. */
    public static String binary() {
        return PROGRAM.path();
    }

    /** {@code skopeo copy [options] SRC DST}. */
    public void copy(ImageLocation source, ImageLocation destination, CopyOption... options) {
        Command c = new Command("copy");
        for (CopyOption o : options) {
            c.plain(o.flags());
        }
        c.flags(source, "src-").flags(destination, "dest-")
                .plain(source.transportReference(), destination.transportReference());
        c.run();
    }

    /** {@code skopeo copy --all}: every platform, manifests kept as they are. */
    public void copyAll(ImageLocation source, ImageLocation destination) {
        copy(source, destination, CopyOption.ALL);
    }

    /** Copies a whole OCI layout entry into a registry with {@code --all}. */
    public void copyAll(OciLayoutImage source, DistributionRegistry registry, String repositoryAndTag) {
        copyAll(source, registry.image(repositoryAndTag));
    }

    /** The exact manifest bytes ({@code skopeo inspect --raw}). */
    public byte[] inspectRaw(ImageLocation image) {
        return new Command("inspect").plain("--raw").flags(image, "").plain(image.transportReference())
                .run().stdoutBytes();
    }

    /** {@code sha256:<hex>} of the exact manifest bytes: the digest a registry knows the manifest by. */
    public String inspectRawDigest(ImageLocation image) {
        return sha256(inspectRaw(image));
    }

    /** Shorthand for {@code inspectRawDigest(registry.image(repositoryAndReference))}. */
    public String inspectRawDigest(DistributionRegistry registry, String repositoryAndReference) {
        return inspectRawDigest(registry.image(repositoryAndReference));
    }

    /** Tags of a repository ({@code skopeo list-tags}); {@code image.reference()} must be a bare repository. */
    public List<String> listTags(RegistryImage repository) {
        String out = new Command("list-tags").flags(repository, "").plain(repository.transportReference())
                .run().stdout();
        try {
            List<String> tags = new ArrayList<>();
            JSON.readTree(out).path("Tags").forEach(t -> tags.add(t.asText()));
            return tags;
        } catch (IOException e) {
            throw new UncheckedIOException("skopeo list-tags printed no JSON: " + out, e);
        }
    }

    public List<String> listTags(DistributionRegistry registry, String repository) {
        return listTags(registry.image(repository));
    }

    /**
     * {@code skopeo sync --all --src docker --dest docker SRC DST}: every tag of {@code source} (a bare repository)
     * goes to {@code destinationNamespace/<last path element of the source repository>}.
     *
     * @return how long skopeo ran
     */
    public Duration sync(RegistryImage source, RegistryImage destinationNamespace, CopyOption... options) {
        Command c = new Command("sync").plain("--all", "--src", "docker", "--dest", "docker");
        for (CopyOption o : options) {
            if (o != CopyOption.ALL) {
                c.plain(o.flags());
            }
        }
        // sync takes plain registry/repo names: no docker:// prefix.
        c.flags(source, "src-").flags(destinationNamespace, "dest-")
                .plain(source.imageName(), destinationNamespace.imageName());
        long t0 = System.nanoTime();
        c.run();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parseJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON", e);
        }
    }

    /** Builds one command line and its masked twin. */
    private final class Command {
        private final List<String> args = new ArrayList<>();
        private final List<String> printable = new ArrayList<>();

        Command(String subcommand) {
            // The kit's images are unsigned and the host's policy.json is not ours to rely on.
            plain(PROGRAM.path(), "--insecure-policy", subcommand);
        }

        Command plain(String... values) {
            args.addAll(List.of(values));
            printable.addAll(List.of(values));
            return this;
        }

        Command flags(ImageLocation location, String prefix) {
            args.addAll(location.skopeoFlags(prefix));
            printable.addAll(location.printableFlags(prefix));
            return this;
        }

        CommandResult run() {
            return Commands.run(args, timeout, String.join(" ", printable.subList(0, printable.size())));
        }
    }
}
