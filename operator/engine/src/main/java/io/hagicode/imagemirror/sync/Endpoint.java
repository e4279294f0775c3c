package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;

/** One side of a mirror: a repository and how to reach it. */
public record Endpoint(Repository repository, Credentials credentials, boolean insecure) {
    @Override
    public String toString() {
        return repository + (insecure ? " (insecure)" : "");
    }
}
