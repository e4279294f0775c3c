package io.hagicode.imagemirror.sync;

import java.util.concurrent.Executor;

/**
 * Where manifest HEAD/GET/PUT requests to a registry run. One pool per registry host, so that a slow far target holds
 * only its own threads: the fast source's requests never queue behind the far target's round trips.
 */
@FunctionalInterface
interface RequestPools {
    /** The pool for requests to {@code registry} (a host as in {@code Repository.registry()}). */
    Executor forRegistry(String registry);
}
