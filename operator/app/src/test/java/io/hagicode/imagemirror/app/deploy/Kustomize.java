package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.fail;

import io.hagicode.imagemirror.testkit.RealDependency;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders a kustomization with the kubectl on PATH, as a user's {@code kubectl apply -k} would. */
final class Kustomize {
    // Debian's own kubectl (package kubernetes-client, 1.20) embeds kustomize v2, which reads neither components nor a
    // directory in resources: a kubectl whose kustomize is older than v5 counts as missing.
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");
    private static final RealDependency KUBECTL = RealDependency.probed("kubectl",
            "install kubectl 1.27 or newer (it embeds kustomize v5), from the Kubernetes apt repository or as a "
                    + "binary on PATH", Kustomize::kubectlAnswers);

    private Kustomize() {
    }

    static Manifests render(Path kustomization) {
        Result result = kubectl("kustomize", kustomization.toString());
        return Manifests.parse(result.out(), kustomization.toString());
    }

    /** Runs a script of the repository with bash, once kubectl is known to be there, and parses what it prints. */
    static Manifests renderWithScript(Path script, String... args) {
        Result result = runScript(script, args);
        if (result.exit() != 0) {
            fail(script + " failed (exit " + result.exit() + "):\n" + result.err());
        }
        return Manifests.parse(result.out(), script.toString());
    }

    /** Runs a script of the repository with bash, once kubectl is known to be there. */
    static Result runScript(Path script, String... args) {
        KUBECTL.require();
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return run(command);
    }

    private static Result kubectl(String... args) {
        KUBECTL.require();
        String[] command = new String[args.length + 1];
        command[0] = "kubectl";
        System.arraycopy(args, 0, command, 1, args.length);
        Result result = run(command);
        if (result.exit() != 0) {
            fail(String.join(" ", command) + " failed (exit " + result.exit() + "):\n" + result.err());
        }
        return result;
    }

    private static boolean kubectlAnswers() {
        try {
            Result version = run("kubectl", "version", "--client");
            Matcher m = KUSTOMIZE_VERSION.matcher(version.out());
            return version.exit() == 0 && m.find() && Integer.parseInt(m.group(1)) >= 5;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    record Result(int exit, String out, String err) {
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // Read both streams concurrently: a full stderr pipe would otherwise block kubectl.
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("(stderr unreadable: " + e.getMessage() + ")");
                }
            });
            reader.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            reader.join();
            return new Result(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
