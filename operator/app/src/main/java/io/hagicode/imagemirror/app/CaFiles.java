package io.hagicode.imagemirror.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks --ca-file arguments up front (both `sync` and `operator` take them), so a typo is an input error with a
 * message rather than a TLS failure on every registry later.
 */
public final class CaFiles {
    private CaFiles() {
    }

    /** One message per file that is missing, unreadable or holds no PEM certificate. */
    public static List<String> check(List<Path> files) {
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                errors.add("--ca-file " + file + ": no such readable file");
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    errors.add("--ca-file " + file + ": holds no PEM certificate");
                }
            } catch (IOException | CertificateException e) {
                errors.add("--ca-file " + file + ": not a PEM certificate file (" + e.getMessage() + ")");
            }
        }
        return errors;
    }
}
