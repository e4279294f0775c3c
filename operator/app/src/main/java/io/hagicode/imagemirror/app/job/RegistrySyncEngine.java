package io.hagicode.imagemirror.app.job;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.RequestObserver;
import io.hagicode.imagemirror.sync.BlobLocations;
import io.hagicode.imagemirror.sync.DefaultSyncEngine;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncEngine;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TransferLimits;
import java.time.Clock;

/**
 * The engine against real registries, as the CLI and the operator both run it: every job shares one
 * {@link TransferLimits} (the process-wide and per-registry caps on blob transfers, and the per-registry back-off after
 * a 429, so many mirrors of one source never exceed them together) and one {@link BlobLocations} (for
 * cross-repository mounts), while each job gets registry clients with its own mirror's {@code retries}, which is a
 * per-mirror setting the clients take at construction. This is the one place a job's registry clients are made.
 */
public final class RegistrySyncEngine implements SyncEngine {
    private final ClientOptions options;
    private final TransferLimits limits;
    private final BlobLocations locations = new BlobLocations();

    /** @param observer sees every registry request (metrics); the transfer limits' 429 observer is added to it */
    public RegistrySyncEngine(ClientOptions options, TransferLimits limits, RequestObserver observer) {
        RequestObserver throttle = limits.throttleObserver();
        this.options = options.withObserver((registry, method, status, nanos) -> {
            throttle.onResponse(registry, method, status, nanos);
            observer.onResponse(registry, method, status, nanos);
        });
        this.limits = limits;
    }

    @Override
    public SyncReport sync(MirrorJob job, SyncListener listener) throws InterruptedException {
        try (OciRegistryClientFactory clients = clientsFor(job)) {
            return new DefaultSyncEngine(clients, limits, Clock.systemUTC(), locations).sync(job, listener);
        }
    }

    @Override
    public SyncReport plan(MirrorJob job) throws InterruptedException {
        try (OciRegistryClientFactory clients = clientsFor(job)) {
            return new DefaultSyncEngine(clients, limits, Clock.systemUTC(), locations).plan(job);
        }
    }

    /** The job's retries, and the proxies its spec names laid over the process's ({@code HTTPS_PROXY} ...). */
    private OciRegistryClientFactory clientsFor(MirrorJob job) {
        return new OciRegistryClientFactory(options.withMaxAttempts(job.retries() + 1)
                .withProxies(RegistryProxies.over(options.proxies(), job.registryProxies())));
    }
}
