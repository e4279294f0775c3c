package io.hagicode.imagemirror.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/** One {@code docker-registry serve} child process: start, wait until it answers, stop. */
final class RegistryProcess {
    static final RealDependency PROGRAM = RealDependency.executable("docker-registry", "/usr/bin/docker-registry",
            "apt-get install -y docker-registry");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path configFile;
    private final Path logFile;
    private Process process;

    RegistryProcess(Path configFile, Path logFile) {
        this.configFile = configFile;
        this.logFile = logFile;
    }

    /**
     * Starts the registry and returns once {@code probe} sees an HTTP answer from it.
     *
     * @param probe tells whether the registry answers; called repeatedly
     */
    void start(java.util.function.BooleanSupplier probe) {
        try {
            process = new ProcessBuilder(List.of(PROGRAM.path(), "serve", configFile.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PROGRAM.path(), e);
        }
        ProcessReaper.register(process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new RegistryStartException("docker-registry exited with " + process.exitValue()
                        + " before answering; log tail:\n" + TestFiles.tail(logFile, 15), logTailSaysPortTaken());
            }
            if (probe.getAsBoolean()) {
                return;
            }
            sleep(15);
        }
        stop();
        throw new RegistryStartException("docker-registry did not answer within " + START_TIMEOUT.toSeconds()
                + "s; log tail:\n" + TestFiles.tail(logFile, 15), false);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    void stop() {
        ProcessReaper.kill(process);
        process = null;
    }

    private boolean logTailSaysPortTaken() {
        return TestFiles.tail(logFile, 5).contains("address already in use");
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Runs {@code attempt} with fresh ports until one is not stolen between probing and binding. */
    static <T> T withFreePort(IntFunction<T> attempt) {
        RegistryStartException last = null;
        for (int i = 0; i < 3; i++) {
            try {
                return attempt.apply(freePort());
            } catch (RegistryStartException e) {
                if (!e.portTaken()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for docker-registry", e);
        }
    }

    /** The registry did not come up; the message holds the tail of its log. */
    static final class RegistryStartException extends IllegalStateException {
        private final boolean portTaken;

        RegistryStartException(String message, boolean portTaken) {
            super(message);
            this.portTaken = portTaken;
        }

        boolean portTaken() {
            return portTaken;
        }
    }
}
