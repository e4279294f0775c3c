package io.hagicode.imagemirror.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command with a timeout, capturing stdout (bytes) and stderr (text). Output goes to temp files
 * rather than pipes, so a chatty command can never block on a full pipe while we wait for it.
 */
final class Commands {
    private Commands() {
    }

    /**
     * @param printable the command line as it may appear in messages (secrets already masked)
     * @throws CommandFailedException on a non-zero exit or timeout, carrying stderr
     */
    static CommandResult run(List<String> command, Duration timeout, String printable) {
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            out = Files.createTempFile("testkit-cmd-", ".out");
            err = Files.createTempFile("testkit-cmd-", ".err");
            p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            ProcessReaper.register(p);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessReaper.kill(p);
                throw new CommandFailedException(printable, -1,
                        "timed out after " + timeout.toSeconds() + "s; stderr: " + Files.readString(err));
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new CommandFailedException(printable, p.exitValue(), stderr.strip());
            }
            return new CommandResult(0, Files.readAllBytes(out), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + printable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + printable, e);
        } finally {
            ProcessReaper.kill(p);
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}
