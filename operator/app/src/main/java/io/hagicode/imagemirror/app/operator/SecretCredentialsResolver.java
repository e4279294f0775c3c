package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.api.CredentialsException;
import io.hagicode.imagemirror.api.CredentialsResolver;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;

/**
 * Credentials from the Secrets a mirror references, looked up in the mirror's own namespace only: a
 * {@code SecretReference} has no namespace field, and this class takes none from anywhere else, so one tenant's
 * ImageMirror can never borrow another namespace's registry credentials.
 */
public final class SecretCredentialsResolver implements CredentialsResolver {
    private final String namespace;
    private final SecretLookup secrets;

    public SecretCredentialsResolver(String namespace, SecretLookup secrets) {
        this.namespace = namespace;
        this.secrets = secrets;
    }

    @Override
    public Credentials resolve(String field, RepositorySpec endpoint, Repository repository)
            throws CredentialsException {
        if (endpoint.getCredentialsSecretRef() == null || endpoint.getCredentialsSecretRef().getName() == null) {
            return Credentials.ANONYMOUS;
        }
        String name = endpoint.getCredentialsSecretRef().getName();
        Secret secret = secrets.find(namespace, name).orElseThrow(() -> new CredentialsException(
                CredentialsException.Reason.NOT_FOUND,
                field + ".credentialsSecretRef: Secret " + namespace + "/" + name + " not found"));
        return RegistrySecrets.credentials(secret, repository.registry(), field + ".credentialsSecretRef");
    }
}
