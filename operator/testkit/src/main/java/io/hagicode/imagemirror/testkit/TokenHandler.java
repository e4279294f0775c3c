package io.hagicode.imagemirror.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Serves {@code GET /token}: checks optional Basic credentials, then issues a token for the requested scopes. */
final class TokenHandler implements HttpHandler {
    private final TokenServer server;
    private final TokenIssuer issuer;

    TokenHandler(TokenServer server, TokenIssuer issuer) {
        this.server = server;
        this.issuer = issuer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("errors", List.of(Map.of("code", "UNSUPPORTED",
                        "message", "only GET is supported"))));
                return;
            }
            String subject = null;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String[] userPass = decodeBasic(authorization.substring(6).trim());
                if (userPass == null || !issuer.authenticate(userPass[0], userPass[1])) {
                    server.rejected.incrementAndGet();
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + server.realm() + "\"");
                    send(exchange, 401, Map.of("errors", List.of(Map.of("code", "UNAUTHORIZED",
                            "message", "authentication required: unknown user or wrong password"))));
                    return;
                }
                subject = userPass[0];
            }
            Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
            List<TokenIssuer.Scope> scopes = new ArrayList<>();
            List<String> rawScopes = new ArrayList<>();
            for (String param : query.getOrDefault("scope", List.of())) {
                // Some clients put several scopes in one parameter, separated by spaces.
                for (String s : param.trim().split(" +")) {
                    if (!s.isEmpty()) {
                        rawScopes.add(s);
                        scopes.add(TokenIssuer.Scope.parse(s));
                    }
                }
            }
            Instant now = Instant.now();
            TokenIssuer.Issued issued = issuer.issue(subject, scopes, now);
            String service = query.getOrDefault("service", List.of("")).get(0);
            server.issuedTokens.add(issued.token());
            server.requests.add(new TokenRequest(subject, service, rawScopes, issued.granted()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", issued.token());
            body.put("access_token", issued.token());
            body.put("expires_in", issuer.expiresIn().toSeconds());
            body.put("issued_at", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            send(exchange, 200, body);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, Map.of("errors", List.of(Map.of("code", "INVALID_SCOPE", "message", e.getMessage()))));
        }
    }

    private static String[] decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = OciLayoutWriter.json(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
