package io.hagicode.imagemirror.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * An image (or a bare repository, for list-tags) in a test registry, with the credentials skopeo should use.
 * Made by {@link DistributionRegistry#image(String)}, which starts with the registry's admin credentials.
 *
 * @param reference   {@code repo:tag}, {@code repo@sha256:...} or just {@code repo}
 * @param credentials null for anonymous access
 */
public record RegistryImage(DistributionRegistry registry, String reference, BasicCredentials credentials)
        implements ImageLocation {

    /** The same image accessed as another user. */
    public RegistryImage as(String username, String password) {
        return new RegistryImage(registry, reference, new BasicCredentials(username, password));
    }

    /** The same image accessed without credentials. */
    public RegistryImage anonymous() {
        return new RegistryImage(registry, reference, null);
    }

    /** {@code 127.0.0.1:PORT/repo:tag}, as a registry client would be given it. */
    public String imageName() {
        return registry.hostPort() + "/" + reference;
    }

    @Override
    public String transportReference() {
        return "docker://" + imageName();
    }

    @Override
    public List<String> skopeoFlags(String prefix) {
        return flags(prefix, credentials == null ? null : credentials.colonJoined());
    }

    @Override
    public List<String> printableFlags(String prefix) {
        return flags(prefix, credentials == null ? null : credentials.username() + ":***");
    }

    private List<String> flags(String prefix, String creds) {
        List<String> flags = new ArrayList<>();
        if (registry.isTls()) {
            flags.add("--" + prefix + "cert-dir=" + registry.skopeoCertDir());
        } else {
            // skopeo insists on TLS even for 127.0.0.1 unless told otherwise.
            flags.add("--" + prefix + "tls-verify=false");
        }
        // --no-creds stops skopeo from picking up a user's auth.json and hiding an auth bug.
        flags.add(creds == null ? "--" + prefix + "no-creds" : "--" + prefix + "creds=" + creds);
        return flags;
    }

    @Override
    public String toString() {
        return "RegistryImage[" + transportReference() + (credentials == null ? ", anonymous"
                : ", as " + credentials.username()) + "]";
    }
}
