package io.hagicode.imagemirror.app.job;

import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.oci.Credentials;

/**
 * Reads the username and password for a proxy from the Secret a repository's {@code proxy.credentialsSecretRef}
 * names. Separate from {@link CredentialsResolver} on purpose: that one answers with a registry's credentials, which
 * must never reach a proxy.
 */
@FunctionalInterface
public interface ProxyCredentialsResolver {
    /** Where no Secrets can be read (the CLI): a proxy that needs credentials takes them in HTTPS_PROXY instead. */
    ProxyCredentialsResolver NONE = (field, reference) -> {
        throw new CredentialsException(CredentialsException.Reason.INVALID, field + " names Secret "
                + reference.getName() + ", which only the operator reads; for the CLI, drop the proxy from the spec "
                + "and set HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT (HTTP_PROXY for http:// registries)");
    };

    /**
     * @param field where the reference sits, e.g. {@code spec.source.proxy.credentialsSecretRef}, for messages
     * @return the credentials, or null when the Secret is optional and missing (the proxy is then used without)
     */
    Credentials.Basic resolve(String field, SecretReference reference) throws CredentialsException;
}
