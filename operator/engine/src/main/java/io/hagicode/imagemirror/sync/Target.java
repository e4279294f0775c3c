package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.Repository;

/**
 * One target of the sync, numbered in the job's order. {@code unavailable} is set (and {@code client} null) when no
 * client could be made for it; all its tags then fail with that reason.
 */
record Target(int index, Repository repository, RegistryClient client, Failure unavailable) {

    String registry() {
        return repository.registry();
    }

    @Override
    public String toString() {
        return repository.toString();
    }
}
