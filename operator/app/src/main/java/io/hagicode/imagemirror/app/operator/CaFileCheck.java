package io.hagicode.imagemirror.app.operator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks --ca-file arguments at start-up, so a typo stops the operator with a message instead of failing every sync.
 */
final class CaFileCheck {
    private CaFileCheck() {
    }

    static List<String> problems(List<Path> files) {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                problems.add("--ca-file " + file + ": no such readable file");
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    problems.add("--ca-file " + file + ": holds no PEM certificate");
                }
            } catch (IOException | CertificateException e) {
                problems.add("--ca-file " + file + ": not a PEM certificate file (" + e.getMessage() + ")");
            }
        }
        return problems;
    }
}
