package io.hagicode.imagemirror.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HeldCertificate;

/**
 * A Docker-style bearer token server on 127.0.0.1 for a {@link DistributionRegistry} in token mode: answers
 * {@code GET /token?service=S&scope=repository:NAME:pull,push} (Basic credentials optional) with an RS256 JWT.
 * A built-in admin user (see {@link #adminCredentials()}) always gets what it asks for, so fixtures can be pushed
 * whatever the policy.
 */
public final class TokenServer implements AutoCloseable {
    static final String ADMIN_USER = "testkit-admin";

    private final HttpServer server;
    private final Path workDir;
    private final JwtSigner signer;
    private final String service;
    private final String issuer;
    private final BasicCredentials admin;
    final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger rejected = new AtomicInteger();
    /** Kept so leak tests can search outputs for them; tokens are test-only secrets of this server. */
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();

    private TokenServer(Builder b) throws IOException {
        this.service = b.service;
        this.issuer = b.issuer;
        this.admin = new BasicCredentials(ADMIN_USER, UUID.randomUUID().toString());
        Map<String, String> users = new HashMap<>(b.users);
        users.put(admin.username(), admin.password());
        HeldCertificate key = new HeldCertificate.Builder().rsa2048().commonName("imagemirror testkit token signer")
                .build();
        this.signer = new JwtSigner(key.keyPair());
        this.workDir = TestFiles.tempDir("imagemirror-token-");
        TestFiles.write(rootCertBundle(), key.certificatePem());
        TokenIssuer tokenIssuer = new TokenIssuer(signer, service, issuer, users, admin.username(), b.policy, b.expiresIn);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", new TokenHandler(this, tokenIssuer));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "testkit-token-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** A server with these users (name to password), anonymous pull allowed, tokens valid 5 minutes. */
    public static TokenServer start(Map<String, String> users) {
        return builder().users(users).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT/token}. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    /** PEM certificate of the signing key: the registry's {@code auth.token.rootcertbundle}. */
    public Path rootCertBundle() {
        return workDir.resolve("rootcertbundle.pem");
    }

    /** The libtrust key ID the tokens carry as {@code kid}. */
    public String keyId() {
        return signer.keyId();
    }

    /** A user that gets every action it asks for, regardless of the policy. */
    public BasicCredentials adminCredentials() {
        return admin;
    }

    /** Tokens issued so far (to anyone, the admin included). */
    public int tokensIssued() {
        return requests.size();
    }

    /** Every request answered with a token, in order. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** The tokens handed out so far, in order (to search logs and outputs for leaks). */
    public List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    /** Requests refused with 401 (unknown user or wrong password). */
    public int rejectedRequests() {
        return rejected.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        TestFiles.deleteRecursively(workDir);
    }

    /** Users, policy and token lifetime. */
    public static final class Builder {
        private Map<String, String> users = Map.of();
        private TokenPolicy policy = TokenPolicy.USERS_ALL_ANONYMOUS_PULL;
        private Duration expiresIn = Duration.ofMinutes(5);
        private String service = "imagemirror-testkit-registry";
        private String issuer = "imagemirror-testkit-token-server";

        private Builder() {
        }

        public Builder users(Map<String, String> usersToPasswords) {
            this.users = Map.copyOf(usersToPasswords);
            return this;
        }

        public Builder policy(TokenPolicy tokenPolicy) {
            this.policy = tokenPolicy;
            return this;
        }

        /** Token lifetime ({@code expires_in}, and the JWT's exp); Distribution allows 60 s of clock skew on exp. */
        public Builder expiresIn(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("expiresIn must be positive, was " + lifetime);
            }
            this.expiresIn = lifetime;
            return this;
        }

        public Builder service(String name) {
            this.service = name;
            return this;
        }

        public TokenServer start() {
            try {
                return new TokenServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the token server", e);
            }
        }
    }
}
