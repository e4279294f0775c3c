package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Renders a kustomization with the kubectl on PATH, as a user's {@code kubectl apply -k} would. */
final class Kustomize {
    private static Boolean available;

    private Kustomize() {
    }

    static Manifests render(Path kustomization) {
        assumeKubectl();
        Result result = run("kubectl", "kustomize", kustomization.toString());
        if (result.exit() != 0) {
            fail("kubectl kustomize " + kustomization + " failed (exit " + result.exit() + "):\n" + result.err());
        }
        return Manifests.parse(result.out(), kustomization.toString());
    }

    static synchronized void assumeKubectl() {
        if (available == null) {
            try {
                available = run("kubectl", "version", "--client").exit() == 0;
            } catch (IllegalStateException e) {
                available = false;
            }
        }
        Assumptions.assumeTrue(available,
                "kubectl is not on PATH: install kubectl (it embeds kustomize) to run the deploy manifest tests");
    }

    private record Result(int exit, String out, String err) {
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
