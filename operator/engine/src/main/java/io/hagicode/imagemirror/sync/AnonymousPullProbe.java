package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryClientFactory;
import io.hagicode.imagemirror.oci.RegistryException;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.oci.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks each target what the public would get: a client made without credentials sends one manifest HEAD of a tag in
 * sync there (as soon as the sync has one there, see {@link Prepared#probingEarly}, else after the sync), through the registry's ordinary auth flow (the {@code /v2/} challenge, a token request
 * without credentials, then the HEAD). A 2xx means ALLOWED; a 401 or 403, from the registry or from its token
 * endpoint, means DENIED; anything else is UNKNOWN, and why is logged at debug. A target with no tag in sync (nothing
 * selected, every tag failed) is not probed and is UNKNOWN.
 * <p>
 * The probe has no credentials to leak, and its own client and tokens, so it never borrows the sync's authorisation.
 */
final class AnonymousPullProbe {
    private static final Logger LOG = LoggerFactory.getLogger(AnonymousPullProbe.class);

    private final RegistryClientFactory factory;

    AnonymousPullProbe(RegistryClientFactory factory) {
        this.factory = factory;
    }

    /**
     * The anonymous clients of {@code job}'s targets, opened now, each making its first exchanges at once on a thread
     * of its own ({@link RegistryClient#prepare}: the ping, a token): run while the sync copies, they leave the probe
     * after it one round trip per target instead of two to four, at the end of every sync where a WAN makes them
     * count. Close it when done.
     */
    Prepared prepare(MirrorJob job) {
        Prepared prepared = new Prepared(job.targets().size());
        for (Endpoint target : job.targets()) {
            Repository repository = target.repository();
            try {
                prepared.threads.execute(() -> prepared.client(target).prepare(repository));
            } catch (RuntimeException e) {
                LOG.debug("preparing the anonymous client of {} failed; the probe opens it later", repository, e);
            }
        }
        return prepared;
    }

    /** One sync's anonymous clients, the threads they run on, and the probes started early. */
    final class Prepared implements AutoCloseable {
        private final Map<ClientKey, RegistryClient> clients = new ConcurrentHashMap<>();
        private final Map<Integer, Future<AnonymousPullCheck>> early = new ConcurrentHashMap<>();
        private final ExecutorService threads;

        private Prepared(int targets) {
            // Threads of its own, as the sync's pools are gone by the time of the probe.
            this.threads = Executors.newFixedThreadPool(Math.max(1, targets), r -> {
                Thread t = new Thread(r, "imagemirror-anonymous-pull-probe");
                t.setDaemon(true);
                return t;
            });
        }

        private RegistryClient client(Endpoint target) {
            return clients.computeIfAbsent(new ClientKey(target.repository().registry(), target.insecure()),
                    k -> factory.client(k.registry(), Credentials.ANONYMOUS, k.insecure()));
        }

        /**
         * {@code next}, which also starts a target's probe as soon as a tag is in sync there: over a far link the
         * probe's round trip then runs while the other tags are written, instead of after the last one.
         */
        SyncListener probingEarly(MirrorJob job, SyncListener next) {
            return new SyncListener() {
                @Override
                public void onTagsSelected(List<String> selectedTags) {
                    next.onTagsSelected(selectedTags);
                }

                @Override
                public void onTagFinished(Repository target, TagOutcome outcome) {
                    next.onTagFinished(target, outcome);
                    startEarly(job, target, outcome);
                }

                @Override
                public void onBlobProgress(Digest blob, long bytesDone, long bytesTotal) {
                    next.onBlobProgress(blob, bytesDone, bytesTotal);
                }
            };
        }

        private void startEarly(MirrorJob job, Repository repository, TagOutcome outcome) {
            if (!inSync(outcome)) {
                return;
            }
            for (int i = 0; i < job.targets().size(); i++) {
                Endpoint target = job.targets().get(i);
                if (target.repository().equals(repository)) {
                    try {
                        early.computeIfAbsent(i, k -> threads.submit(() -> probe(target, List.of(outcome), clients)));
                    } catch (RejectedExecutionException e) {
                        LOG.debug("the early probe of {} was refused; it runs after the sync", repository, e);
                    }
                }
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
            clients.values().forEach(AnonymousPullProbe::closeQuietly);
        }
    }

    /**
     * {@code reports} in the order of {@code job.targets()}, each with the result of its probe. Targets on one
     * registry share one anonymous client, as they share one client in the sync;
     * the clients are {@code prepared}'s.
     */
    List<TargetReport> probeAll(MirrorJob job, List<TargetReport> reports, Prepared prepared)
            throws InterruptedException {
        Map<ClientKey, RegistryClient> clients = prepared.clients;
        // Every target at once: each probe is a few round trips (ping, token, HEAD), which over a WAN add up when
        // taken one target after the other.
        ExecutorService threads = prepared.threads;
        try {
            List<Future<AnonymousPullCheck>> checks = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                Endpoint target = job.targets().get(i);
                List<TagOutcome> tags = reports.get(i).tags();
                Future<AnonymousPullCheck> started = prepared.early.get(i);
                checks.add(started != null ? started : threads.submit(() -> probe(target, tags, clients)));
            }
            List<TargetReport> probed = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                TargetReport report = reports.get(i);
                AnonymousPullCheck check;
                try {
                    check = checks.get(i).get();
                } catch (ExecutionException e) {
                    check = AnonymousPullCheck.unknown(null, "checking anonymously failed: "
                            + OneLine.of(String.valueOf(e.getCause().getMessage()), Failure.MAX_LENGTH));
                }
                log(job, report.repository(), check);
                probed.add(report.withAnonymousPull(check));
            }
            return probed;
        } catch (InterruptedException e) {
            throw new InterruptedException("cancelled while checking anonymous pulls");
        }
    }

    /** Every target UNKNOWN without a request, e.g. when the source could not be read. */
    List<TargetReport> skipAll(MirrorJob job, List<TargetReport> reports, String why) {
        AnonymousPullCheck check = AnonymousPullCheck.unknown(null, "not checked: " + why);
        reports.forEach(r -> log(job, r.repository(), check));
        return reports.stream().map(r -> r.withAnonymousPull(check)).toList();
    }

    /** One target's probe, with a client of its own. */
    AnonymousPullCheck probe(Endpoint target, List<TagOutcome> tags) {
        Map<ClientKey, RegistryClient> clients = new HashMap<>();
        try {
            return probe(target, tags, clients);
        } finally {
            clients.values().forEach(AnonymousPullProbe::closeQuietly);
        }
    }

    private AnonymousPullCheck probe(Endpoint target, List<TagOutcome> tags, Map<ClientKey, RegistryClient> clients) {
        Optional<String> inSync = tags.stream().filter(AnonymousPullProbe::inSync).map(TagOutcome::tag).findFirst();
        if (inSync.isEmpty()) {
            return AnonymousPullCheck.unknown(null, "not checked: no tag is in sync on the target");
        }
        String tag = inSync.get();
        Repository repository = target.repository();
        try {
            RegistryClient anonymous = clients.computeIfAbsent(
                    new ClientKey(repository.registry(), target.insecure()),
                    k -> factory.client(k.registry(), Credentials.ANONYMOUS, k.insecure()));
            if (anonymous.headManifest(repository, new Tag(tag)).isPresent()) {
                return AnonymousPullCheck.allowed(tag);
            }
            // Some registries answer 404 rather than 401 for what a caller may not see; that is no proof either way.
            return AnonymousPullCheck.unknown(tag, "an anonymous HEAD of " + repository + ":" + tag
                    + " answered 404 although the tag is there");
        } catch (RegistryException e) {
            String detail = OneLine.of(e.getMessage(), Failure.MAX_LENGTH);
            return refused(e) ? AnonymousPullCheck.denied(tag, detail) : AnonymousPullCheck.unknown(tag, detail);
        } catch (RuntimeException e) {
            return AnonymousPullCheck.unknown(tag, "checking " + repository + ":" + tag + " anonymously failed: "
                    + OneLine.of(e.getMessage(), Failure.MAX_LENGTH));
        }
    }

    /** A tag the public could pull now: written or found current, and a real tag rather than a digest pin. */
    private static boolean inSync(TagOutcome outcome) {
        return (outcome.state() == TagState.COPIED || outcome.state() == TagState.UP_TO_DATE)
                && !DigestPin.isPinOutcome(outcome.tag());
    }

    private record ClientKey(String registry, boolean insecure) {
    }

    private static void closeQuietly(RegistryClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the anonymous client of {} failed", client.registry(), e);
        }
    }

    private static boolean refused(RegistryException e) {
        return e.isAuthFailure() || e.httpStatus() == 401 || e.httpStatus() == 403;
    }

    private static void log(MirrorJob job, Repository repository, AnonymousPullCheck check) {
        if (check.result() == AnonymousPull.ALLOWED) {
            LOG.debug("{}: anonymous pull of {}:{} allowed", job.name(), repository, check.tag());
        } else {
            LOG.debug("{}: anonymous pull of {} {}: {}", job.name(), repository,
                    check.result() == AnonymousPull.DENIED ? "denied" : "unknown", check.detail());
        }
    }
}
