package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.SecretReference;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.CredentialsResolver;
import io.hagicode.imagemirror.app.job.ProxyCredentialsResolver;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from the Secrets a mirror references, looked up in the mirror's own namespace only: a
 * {@code SecretReference} has no namespace field, and this class takes none from anywhere else, so one tenant's
 * ImageMirror can never borrow another namespace's registry credentials.
 * <p>
 * A reference marked {@code optional} works as a Pod's {@code secretKeyRef.optional} does: when the Secret is missing the
 * endpoint is accessed anonymously (noted at Info level, since a public source then meets tighter rate limits), but a
 * Secret that is there and cannot be read is an error all the same, never a silent fall-back.
 * <p>
 * A proxy's Secret must be {@code kubernetes.io/basic-auth}: a docker config Secret holds registry credentials, and
 * taking a proxy password from it would invite handing a registry's password to a proxy.
 */
public final class SecretCredentialsResolver implements CredentialsResolver, ProxyCredentialsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SecretCredentialsResolver.class);

    private final String namespace;
    private final SecretLookup secrets;

    public SecretCredentialsResolver(String namespace, SecretLookup secrets) {
        this.namespace = namespace;
        this.secrets = secrets;
    }

    @Override
    public Credentials resolve(String field, RepositorySpec endpoint, Repository repository)
            throws CredentialsException {
        SecretReference reference = endpoint.getCredentialsSecretRef();
        if (reference == null || reference.getName() == null) {
            return Credentials.ANONYMOUS;
        }
        String where = field + ".credentialsSecretRef: Secret " + namespace + "/" + reference.getName();
        Optional<Secret> secret = secrets.find(namespace, reference.getName());
        if (secret.isEmpty() && reference.allowsMissing()) {
            LOG.info("{} not found; it is optional, so {} is accessed anonymously", where, repository.registry());
            return Credentials.ANONYMOUS;
        }
        if (secret.isEmpty()) {
            throw new CredentialsException(CredentialsException.Reason.NOT_FOUND, where + " not found");
        }
        return RegistrySecrets.credentials(secret.get(), repository.registry(), field + ".credentialsSecretRef");
    }

    @Override
    public Credentials.Basic resolve(String field, SecretReference reference) throws CredentialsException {
        String where = field + ": Secret " + namespace + "/" + reference.getName();
        Optional<Secret> secret = secrets.find(namespace, reference.getName());
        if (secret.isEmpty() && reference.allowsMissing()) {
            LOG.info("{} not found; it is optional, so the proxy is used without credentials", where);
            return null;
        }
        if (secret.isEmpty()) {
            throw new CredentialsException(CredentialsException.Reason.NOT_FOUND, where + " not found");
        }
        if (!RegistrySecrets.BASIC_AUTH.equals(secret.get().getType())) {
            throw new CredentialsException(CredentialsException.Reason.INVALID, where + " has type "
                    + secret.get().getType() + "; a proxy's credentials need " + RegistrySecrets.BASIC_AUTH
                    + " (kubectl create secret generic NAME --type=" + RegistrySecrets.BASIC_AUTH
                    + " --from-literal=username=... --from-literal=password=...)");
        }
        return (Credentials.Basic) RegistrySecrets.credentials(secret.get(), "", field);
    }
}
