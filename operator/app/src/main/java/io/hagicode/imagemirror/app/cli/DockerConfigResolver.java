package io.hagicode.imagemirror.app.cli;

import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.CredentialsResolver;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.DockerConfigCredentials;
import io.hagicode.imagemirror.oci.Repository;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's credentials: a docker config.json, looked up by registry. Secret references in the spec belong to the
 * operator; here they are ignored, and a note says so rather than leaving the user to wonder.
 */
final class DockerConfigResolver implements CredentialsResolver {
    private final DockerConfigCredentials config;
    private final String location;
    private final Set<String> notes = new LinkedHashSet<>();

    private DockerConfigResolver(DockerConfigCredentials config, String location) {
        this.config = config;
        this.location = location;
    }

    /**
     * Opens {@code explicit} (which must exist) or else the default location (which may be absent: then every
     * registry is anonymous).
     */
    static DockerConfigResolver open(Path explicit) throws CredentialsException {
        Path path = explicit;
        if (path == null) {
            Optional<Path> found = DockerConfigCredentials.defaultLocation();
            if (found.isEmpty()) {
                return new DockerConfigResolver(null, null);
            }
            path = found.get();
        } else if (!Files.isReadable(path)) {
            throw new CredentialsException(CredentialsException.Reason.NOT_FOUND,
                    "--docker-config " + path + ": no such readable file");
        }
        try {
            DockerConfigCredentials config = DockerConfigCredentials.load(path);
            DockerConfigResolver resolver = new DockerConfigResolver(config, path.toString());
            resolver.notes.addAll(config.notes());
            return resolver;
        } catch (IllegalArgumentException e) {
            throw new CredentialsException(CredentialsException.Reason.INVALID, e.getMessage());
        }
    }

    @Override
    public Credentials resolve(String field, RepositorySpec endpoint, Repository repository) {
        if (endpoint.getCredentialsSecretRef() != null) {
            notes.add(field + ".credentialsSecretRef (" + endpoint.getCredentialsSecretRef().getName()
                    + ") is for the operator and is ignored by 'sync'; credentials come from "
                    + (location == null ? "no docker config (none found: anonymous access)" : location));
        }
        return config == null ? Credentials.ANONYMOUS : config.lookup(repository.registry());
    }

    void printNotes(PrintStream err) {
        notes.forEach(n -> err.println("note: " + n));
    }
}
