package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.testkit.FixtureImage;
import io.hagicode.imagemirror.testkit.OciLayoutWriter;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A registry running in the cluster, from both sides: {@link #inCluster} is the address the operator pod uses (a
 * Service name), {@link #fromHost} the published NodePort the test uses to push fixtures and to read what the operator
 * wrote, with skopeo as an independent client. Plain HTTP, as in-cluster registries often are.
 *
 * @param user null for an anonymous registry
 */
record ClusterRegistry(String inCluster, String fromHost, String user, String password) {
    private static final Duration SKOPEO_TIMEOUT = Duration.ofMinutes(5);
    private static final String ACCEPT = String.join(",", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    /** {@code repository} as an ImageMirror names it. */
    String repository(String repository) {
        return inCluster + "/" + repository;
    }

    /** Builds {@code image} in a temporary OCI layout and copies it, every platform, to {@code repository:tag}. */
    void push(String repository, String tag, FixtureImage image) {
        Path layout = null;
        try {
            layout = Files.createTempDirectory("e2e-layout-");
            new OciLayoutWriter(layout).write(tag, image);
            skopeo(List.of("copy", "--all", "--dest-tls-verify=false"), credentials("--dest-"),
                    List.of("oci:" + layout + ":" + tag, "docker://" + fromHost + "/" + repository + ":" + tag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(layout);
        }
    }

    /** {@code sha256:...} of the exact manifest bytes ({@code skopeo inspect --raw}), as the registry serves them. */
    String rawDigest(String repository, String tag) {
        byte[] manifest = skopeo(List.of("inspect", "--raw", "--tls-verify=false"), credentials("--"),
                List.of("docker://" + fromHost + "/" + repository + ":" + tag));
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP status of {@code HEAD /v2/<repository>/manifests/<tag>}: 200 when the tag exists, 404 when not. */
    int manifestStatus(String repository, String tag) {
        HttpRequest.Builder head = HttpRequest.newBuilder(
                        URI.create("http://" + fromHost + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT)
                .timeout(Duration.ofSeconds(30));
        if (user != null) {
            head.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newHttpClient().send(head.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("HEAD manifest " + repository + ":" + tag + " at " + fromHost, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** skopeo's credential flags; {@code --no-creds} keeps a user's auth.json from hiding a mistake. */
    private List<String> credentials(String prefix) {
        return List.of(user == null ? prefix + "no-creds" : prefix + "creds=" + user + ":" + password);
    }

    private byte[] skopeo(List<String> command, List<String> credentials, List<String> references) {
        List<String> args = new ArrayList<>(List.of(Skopeo.binary(), "--insecure-policy"));
        args.addAll(command);
        args.addAll(credentials);
        args.addAll(references);
        String printable = String.join(" ", args).replace(":" + password, ":***");
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("e2e-skopeo-", ".out");
            err = Files.createTempFile("e2e-skopeo-", ".err");
            Process p = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(SKOPEO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(printable + ": no answer within " + SKOPEO_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(printable + " exited " + p.exitValue() + ": " + Files.readString(err).strip());
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(printable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(printable, e);
        } finally {
            deleteRecursively(out);
            deleteRecursively(err);
        }
    }

    private static void deleteRecursively(Path path) {
        if (path == null) {
            return;
        }
        try (var files = Files.walk(path)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp file left behind is not worth failing the test for
        }
    }

    @Override
    public String toString() {
        return "ClusterRegistry[" + inCluster + " published at " + fromHost + (user == null ? ", anonymous"
                : ", as " + user) + "]";
    }
}
