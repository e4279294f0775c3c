package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real Distribution 2.8 registry ({@code docker-registry}) on {@code 127.0.0.1:<free port>} with its own
 * temporary storage, config and log. Close it (try-with-resources or {@code @AfterAll}); a JVM shutdown hook kills
 * any instance left running.
 */
public final class DistributionRegistry implements AutoCloseable {
    private final Path workDir;
    private final TlsMaterial tls;
    private final BasicCredentials htpasswdUser;
    private final TokenServer tokenServer;
    private final int port;
    private final RegistryProcess process;
    private final AdminHttpClient admin;
    private final AccessLogReader log;
    private final AtomicLong barriers = new AtomicLong();

    private DistributionRegistry(Builder b, Path workDir, TlsMaterial tls, int port) {
        this.workDir = workDir;
        this.tls = tls;
        this.htpasswdUser = b.htpasswdUser;
        this.tokenServer = b.tokenServer;
        this.port = port;
        try {
            java.nio.file.Files.createDirectories(storageDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + storageDir(), e);
        }
        Path htpasswdFile = null;
        if (htpasswdUser != null) {
            htpasswdFile = workDir.resolve("htpasswd");
            Htpasswd.write(htpasswdFile, htpasswdUser);
        }
        Path config = workDir.resolve("config.yml");
        TestFiles.write(config, new RegistryConfig(port, storageDir(), tls, htpasswdFile, tokenServer,
                UUID.randomUUID().toString(), b.notificationUrl).yaml());
        this.process = new RegistryProcess(config, logFile());
        this.log = new AccessLogReader(logFile());
        this.admin = new AdminHttpClient(registryUrl(), tls, adminCredentials().orElse(null));
    }

    /** Plain HTTP, no authentication. */
    public static DistributionRegistry plain() {
        return builder().start();
    }

    /** HTTPS with a generated CA, no authentication. */
    public static DistributionRegistry tls() {
        return builder().tls().start();
    }

    /** HTTPS with a generated CA and HTTP Basic authentication of one user (bcrypt htpasswd). */
    public static DistributionRegistry tlsWithHtpasswd(String username, String password) {
        return builder().tls().htpasswd(username, password).start();
    }

    /** Plain HTTP with bearer tokens from {@code tokenServer} (the Docker Hub / ACR scheme). */
    public static DistributionRegistry withTokenAuth(TokenServer tokenServer) {
        return builder().tokenAuth(tokenServer).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns when Distribution and htpasswd are installed; otherwise skips the calling test, or fails it in CI
     * ({@link RealDependency}).
     */
    public static void assumeInstalled() {
        RegistryProcess.PROGRAM.require();
        Htpasswd.PROGRAM.require();
    }

    private void startProcess() {
        process.start(() -> admin.probe("/v2/?" + AccessLogReader.INTERNAL_QUERY + "probe").isPresent());
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
    public String registryUrl() {
        return (tls != null ? "https://" : "http://") + hostPort();
    }

    public boolean isTls() {
        return tls != null;
    }

    public Optional<TlsMaterial> tlsMaterial() {
        return Optional.ofNullable(tls);
    }

    /** PEM of the CA that signed the registry's certificate. @throws IllegalStateException when not TLS */
    public Path caCertificate() {
        return requireTls().caCertificate();
    }

    /** Directory with only {@code ca.crt}, for skopeo's --cert-dir flags. @throws IllegalStateException when not TLS */
    public Path skopeoCertDir() {
        return requireTls().certDir();
    }

    private TlsMaterial requireTls() {
        if (tls == null) {
            throw new IllegalStateException("registry " + hostPort() + " is plain HTTP: it has no CA certificate");
        }
        return tls;
    }

    /**
     * Credentials allowed to push: the htpasswd user, or the token server's admin; empty for an open registry.
     * The fixture helpers and {@link #image(String)} use them by default.
     */
    public Optional<BasicCredentials> adminCredentials() {
        if (htpasswdUser != null) {
            return Optional.of(htpasswdUser);
        }
        return tokenServer == null ? Optional.empty() : Optional.of(tokenServer.adminCredentials());
    }

    public Optional<TokenServer> tokenServer() {
        return Optional.ofNullable(tokenServer);
    }

    /** An image in this registry for skopeo, e.g. {@code image("team/app:1.0")} or {@code image("app@sha256:...")}. */
    public RegistryImage image(String repositoryAndReference) {
        return new RegistryImage(this, repositoryAndReference, adminCredentials().orElse(null));
    }

    public Path storageDir() {
        return workDir.resolve("storage");
    }

    /** The registry's combined stdout/stderr (kept across restarts). */
    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    AdminHttpClient admin() {
        return admin;
    }

    /**
     * Requests the registry has logged so far, in order, without the kit's own probes. Waits until every request
     * answered before this call is in the log (a barrier request), so counts taken right after an operation are exact.
     */
    public List<AccessLogEntry> accessLog() {
        return accessLogSince(0);
    }

    /** A position in the access log; pass it to {@link #accessLogSince(int)} to see one phase's requests. */
    public int accessLogMark() {
        return awaitBarrier().size();
    }

    public List<AccessLogEntry> accessLogSince(int mark) {
        List<AccessLogEntry> all = awaitBarrier();
        return all.subList(Math.min(mark, all.size()), all.size()).stream()
                .filter(e -> !AccessLogReader.isInternal(e)).toList();
    }

    private List<AccessLogEntry> awaitBarrier() {
        if (!process.isAlive()) {
            return log.readAll();
        }
        String marker = AccessLogReader.INTERNAL_QUERY + "barrier-" + barriers.incrementAndGet();
        admin.probe("/v2/?" + marker);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<AccessLogEntry> all = log.readAll();
            if (all.stream().anyMatch(e -> e.query().equals(marker))) {
                return all;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return log.readAll();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the process; storage, port and log stay for {@link #restart()}. */
    public void stop() {
        process.stop();
    }

    /** Starts again on the same port with the same storage (stops first if running). */
    public void restart() {
        process.stop();
        startProcess();
    }

    /** Kills the process and deletes storage, config and log. */
    @Override
    public void close() {
        process.stop();
        TestFiles.deleteRecursively(workDir);
    }

    @Override
    public String toString() {
        return "DistributionRegistry[" + registryUrl() + (htpasswdUser != null ? ", htpasswd" : "")
                + (tokenServer != null ? ", token" : "") + "]";
    }

    /** Chooses TLS and one authentication scheme (htpasswd or token, not both). */
    public static final class Builder {
        private boolean tls;
        private BasicCredentials htpasswdUser;
        private TokenServer tokenServer;
        private String notificationUrl;

        private Builder() {
        }

        /** Sends a Distribution notification of every manifest push to {@code url} (see RegistryConfig). */
        public Builder notifyTo(String url) {
            this.notificationUrl = url;
            return this;
        }

        public Builder tls() {
            this.tls = true;
            return this;
        }

        public Builder htpasswd(String username, String password) {
            this.htpasswdUser = new BasicCredentials(username, password);
            return this;
        }

        public Builder tokenAuth(TokenServer server) {
            this.tokenServer = server;
            return this;
        }

        public DistributionRegistry start() {
            if (htpasswdUser != null && tokenServer != null) {
                throw new IllegalArgumentException("Distribution takes one auth scheme: choose htpasswd or token");
            }
            assumeInstalled();
            Path workDir = TestFiles.tempDir("imagemirror-registry-");
            TlsMaterial material = tls ? TlsMaterial.generate(workDir.resolve("tls")) : null;
            try {
                return RegistryProcess.withFreePort(port -> {
                    DistributionRegistry r = new DistributionRegistry(this, workDir, material, port);
                    r.startProcess();
                    return r;
                });
            } catch (RuntimeException e) {
                TestFiles.deleteRecursively(workDir);
                throw e;
            }
        }
    }
}
