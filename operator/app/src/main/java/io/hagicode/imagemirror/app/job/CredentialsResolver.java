package io.hagicode.imagemirror.app.job;

import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;

/**
 * Finds the credentials for one endpoint of a spec: the CLI reads a docker config.json, the operator reads the
 * referenced Secret. Throws {@link CredentialsException} when they cannot be had.
 */
@FunctionalInterface
public interface CredentialsResolver {
    /**
     * @param field      where the endpoint sits in the spec, e.g. {@code spec.targets[1]}, for messages
     * @param endpoint   the spec of the endpoint, with its optional Secret reference
     * @param repository the parsed repository
     */
    Credentials resolve(String field, RepositorySpec endpoint, Repository repository) throws CredentialsException;
}
