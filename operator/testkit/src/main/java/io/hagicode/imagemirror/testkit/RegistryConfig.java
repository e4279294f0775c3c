package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;

/**
 * Renders the Distribution 2.8 configuration for one test registry. Always binds to 127.0.0.1 and never uses the
 * packaged /etc/docker/registry/config.yml (which listens on all interfaces).
 */
record RegistryConfig(int port, Path storageDir, TlsMaterial tls, Path htpasswdFile, TokenServer tokenServer,
                      String httpSecret) {

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
        return y.toString();
    }

    private static String quote(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
