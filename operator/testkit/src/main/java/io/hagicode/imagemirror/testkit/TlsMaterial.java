package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A throw-away CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, written as PEM
 * files. The CA sits alone in {@link #certDir()} as {@code ca.crt} because that is the layout skopeo's
 * {@code --cert-dir} flags (and Docker's certs.d) expect.
 */
public final class TlsMaterial {
    private final HeldCertificate ca;
    private final Path certDir;
    private final Path serverCertificate;
    private final Path serverKey;

    private TlsMaterial(HeldCertificate ca, Path certDir, Path serverCertificate, Path serverKey) {
        this.ca = ca;
        this.certDir = certDir;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
    }

    /** Generates fresh keys under {@code dir} (CA in dir/certs/ca.crt, server files in dir/server/). */
    static TlsMaterial generate(Path dir) {
        HeldCertificate ca = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("imagemirror testkit CA")
                .build();
        HeldCertificate server = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .signedBy(ca)
                .build();
        Path certDir = dir.resolve("certs");
        TestFiles.write(certDir.resolve("ca.crt"), ca.certificatePem());
        Path cert = dir.resolve("server").resolve("server.crt");
        Path key = dir.resolve("server").resolve("server.key");
        // The chain file carries the leaf then the CA, as Go's tls.LoadX509KeyPair accepts.
        TestFiles.write(cert, server.certificatePem() + ca.certificatePem());
        TestFiles.write(key, server.privateKeyPkcs8Pem());
        return new TlsMaterial(ca, certDir, cert, key);
    }

    /** PEM file of the CA that signed the server certificate. */
    public Path caCertificate() {
        return certDir.resolve("ca.crt");
    }

    /** Directory holding only {@code ca.crt}: pass it to skopeo's --cert-dir / --src-cert-dir / --dest-cert-dir. */
    public Path certDir() {
        return certDir;
    }

    public Path serverCertificate() {
        return serverCertificate;
    }

    public Path serverKey() {
        return serverKey;
    }

    /** The CA as a certificate object, e.g. for an OkHttp {@code HandshakeCertificates}. */
    public java.security.cert.X509Certificate caX509() {
        return ca.certificate();
    }

    /** An SSL context that trusts only this CA. */
    public SSLContext sslContext() {
        return new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build().sslContext();
    }
}
