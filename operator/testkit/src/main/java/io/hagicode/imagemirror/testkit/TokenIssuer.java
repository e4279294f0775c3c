package io.hagicode.imagemirror.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns an authenticated subject and requested scopes into signed token claims. */
final class TokenIssuer {
    private final JwtSigner signer;
    private final String service;
    private final String issuer;
    private final Map<String, String> users;
    private final String adminUser;
    private final TokenPolicy policy;
    private final Duration expiresIn;

    TokenIssuer(JwtSigner signer, String service, String issuer, Map<String, String> users, String adminUser,
                TokenPolicy policy, Duration expiresIn) {
        this.signer = signer;
        this.service = service;
        this.issuer = issuer;
        this.users = Map.copyOf(users);
        this.adminUser = adminUser;
        this.policy = policy;
        this.expiresIn = expiresIn;
    }

    /** True when the user exists and the password matches. */
    boolean authenticate(String user, String password) {
        String expected = users.get(user);
        return expected != null && java.security.MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Duration expiresIn() {
        return expiresIn;
    }

    /** A scope {@code type:name:actions}; the name may itself hold ':' (e.g. a port), so split at both ends. */
    record Scope(String type, String name, List<String> actions) {
        static Scope parse(String scope) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first) {
                throw new IllegalArgumentException("scope must be type:name:actions, was '" + scope + "'");
            }
            List<String> actions = Arrays.stream(scope.substring(last + 1).split(","))
                    .filter(a -> !a.isEmpty()).toList();
            return new Scope(scope.substring(0, first), scope.substring(first + 1, last), actions);
        }
    }

    /** Grants per policy and returns {token claims, granted scope strings}. */
    Issued issue(String subject, List<Scope> scopes, Instant now) {
        List<Map<String, Object>> access = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        for (Scope s : scopes) {
            List<String> actions = adminUser.equals(subject) ? s.actions()
                    : List.copyOf(policy.grant(subject, s.type(), s.name(), s.actions()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", s.type());
            entry.put("name", s.name());
            entry.put("actions", actions);
            access.add(entry);
            granted.add(s.type() + ":" + s.name() + ":" + String.join(",", actions));
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject == null ? "" : subject);
        claims.put("aud", service);
        claims.put("exp", now.plus(expiresIn).getEpochSecond());
        // A little back-dating, so a token used in the same second is never "not yet valid".
        claims.put("nbf", now.minusSeconds(10).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        return new Issued(signer.sign(claims), granted);
    }

    record Issued(String token, List<String> granted) {
    }
}
