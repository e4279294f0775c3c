package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;

/**
 * Renders the Distribution 2.8 configuration for one test registry. Always binds to 127.0.0.1 and never uses the
 * packaged /etc/docker/registry/config.yml (which listens on all interfaces).
 *
 * @param notificationUrl where to POST notifications of pushes (pulls and blob events left out), or null for none
 */
record RegistryConfig(int port, Path storageDir, TlsMaterial tls, Path htpasswdFile, TokenServer tokenServer,
                      String httpSecret, String notificationUrl) {

    String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n");
        y.append("storage:\n");
        y.append("  filesystem:\n    rootdirectory: ").append(quote(storageDir)).append('\n');
        y.append("  delete:\n    enabled: true\n");
        y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        y.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        y.append("  secret: ").append(httpSecret).append('\n');
        if (tls != null) {
            y.append("  tls:\n    certificate: ").append(quote(tls.serverCertificate())).append('\n');
            y.append("    key: ").append(quote(tls.serverKey())).append('\n');
        }
        if (htpasswdFile != null) {
            y.append("auth:\n  htpasswd:\n    realm: imagemirror-testkit\n    path: ")
                    .append(quote(htpasswdFile)).append('\n');
        } else if (tokenServer != null) {
            y.append("auth:\n  token:\n");
            y.append("    realm: \"").append(tokenServer.realm()).append("\"\n");
            y.append("    service: \"").append(tokenServer.service()).append("\"\n");
            y.append("    issuer: \"").append(tokenServer.issuer()).append("\"\n");
            y.append("    rootcertbundle: ").append(quote(tokenServer.rootCertBundle())).append('\n');
        }
        if (notificationUrl != null) {
            // Blob events and pulls are what a mirror never acts on; leaving them out is the set-up docs/operator.md
            // recommends, and keeps a multi-arch push to one request per manifest.
            y.append("notifications:\n  endpoints:\n    - name: imagemirror\n");
            y.append("      url: \"").append(notificationUrl).append("\"\n");
            y.append("      timeout: 2s\n      threshold: 3\n      backoff: 1s\n");
            y.append("      ignoredmediatypes:\n        - application/octet-stream\n");
            y.append("      ignore:\n        actions:\n          - pull\n");
        }
        return y.toString();
    }

    private static String quote(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
