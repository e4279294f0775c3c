package io.hagicode.imagemirror.sync;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for futures on the thread that called the engine, which is the thread an interrupt is aimed at. */
final class Futures {
    private Futures() {
    }

    /** Waits until every future is done, failed ones included; failures are the futures' own business. */
    static void awaitAll(Collection<? extends CompletableFuture<?>> futures) throws InterruptedException {
        for (CompletableFuture<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                // each future reports its own failure; here we only wait
            }
        }
    }
}
