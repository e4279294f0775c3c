package io.hagicode.imagemirror.sync.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-memory registry for engine tests. Stores blobs and manifests per repository by digest, and tags. Like
 * Distribution, it refuses a manifest whose blobs or child manifests are not there yet, and a blob whose bytes do not
 * match its digest, so a wrong write order fails loudly. It records every write in order, counts requests by kind,
 * measures the uploads and source reads in flight, and lets a test inject faults and slowness.
 */
public final class FakeRegistry {
    public enum Op { LIST_TAGS, LIST_TAG_DIGESTS, HEAD_MANIFEST, GET_MANIFEST, PUT_MANIFEST, HAS_BLOB, OPEN_BLOB, MOUNT_BLOB, PUSH_BLOB }

    /** One write: {@code kind} is blob, mount, manifest (by digest) or tag. */
    public record Write(String kind, String repository, String reference) {
        @Override
        public String toString() {
            return kind + " " + repository + (kind.equals("tag") ? ":" : "@") + reference;
        }
    }

    /** A fault: fails the next {@code times} requests of {@code op} whose reference contains {@code match}. */
    record Fault(Op op, String match, AtomicInteger left, Supplier<RuntimeException> error) {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    final String host;
    private final Map<String, Repo> repos = new HashMap<>();
    private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
    private final Map<Op, AtomicInteger> counts = new EnumMap<>(Op.class);
    final List<Fault> faults = new CopyOnWriteArrayList<>();
    final AtomicLong blobBytesServed = new AtomicLong();
    final InFlight pushes = new InFlight();
    final InFlight reads = new InFlight();
    final InFlight heads = new InFlight();
    volatile long headDelayMillis;
    volatile Credentials required;
    volatile boolean mountAllowed = true;
    volatile long pushDelayMillisPerChunk;
    volatile long readDelayMillisPerChunk;
    volatile java.util.concurrent.CountDownLatch uploadRendezvous;
    volatile long holdMillis;
    volatile int breakStreamsAfterBytes = -1;
    final AtomicInteger uploadsToContinue = new AtomicInteger();
    volatile long continueUploadsAt;
    volatile int streamsToBreak;
    volatile TagDigestListing tagDigests;

    /** What a bulk tag listing answers for a repository (throw to fail it). */
    @FunctionalInterface
    public interface TagDigestListing {
        Map<String, Digest> list(String repository);
    }

    static final class Repo {
        final Map<Digest, byte[]> blobs = new HashMap<>();
        final Map<Digest, Manifest> manifests = new HashMap<>();
        final Map<String, Digest> tags = new HashMap<>();
    }

    /** Counts concurrent operations and remembers the most seen at once. */
    static final class InFlight {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        void enter() {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void exit() {
            now.decrementAndGet();
        }

        int max() {
            return max.get();
        }

        int now() {
            return now.get();
        }
    }

    public FakeRegistry(String host) {
        this.host = host;
        for (Op op : Op.values()) {
            counts.put(op, new AtomicInteger());
        }
    }

    public String host() {
        return host;
    }

    public RegistryClient client(Credentials credentials) {
        return new FakeClient(this, credentials);
    }

    // ---- seeding, bypassing counters and the write log ----

    public synchronized Digest seedBlob(String repository, byte[] content) {
        Digest d = Digest.sha256(content);
        repo(repository).blobs.put(d, content.clone());
        return d;
    }

    public synchronized void seedManifest(String repository, Manifest manifest) {
        repo(repository).manifests.put(manifest.digest(), manifest);
    }

    public synchronized void seedTag(String repository, String tag, Manifest manifest) {
        seedManifest(repository, manifest);
        repo(repository).tags.put(tag, manifest.digest());
    }

    public synchronized void deleteTag(String repository, String tag) {
        repo(repository).tags.remove(tag);
    }

    // ---- inspection ----

    public synchronized Optional<Digest> tag(String repository, String tag) {
        Repo r = repos.get(repository);
        return r == null ? Optional.empty() : Optional.ofNullable(r.tags.get(tag));
    }

    public synchronized Optional<Manifest> manifest(String repository, Digest digest) {
        Repo r = repos.get(repository);
        return r == null ? Optional.empty() : Optional.ofNullable(r.manifests.get(digest));
    }

    public synchronized boolean hasBlob(String repository, Digest digest) {
        Repo r = repos.get(repository);
        return r != null && r.blobs.containsKey(digest);
    }

    public synchronized List<String> tags(String repository) {
        Repo r = repos.get(repository);
        return r == null ? List.of() : r.tags.keySet().stream().sorted().toList();
    }

    public List<Write> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    public int count(Op op) {
        return counts.get(op).get();
    }

    public long blobBytesServed() {
        return blobBytesServed.get();
    }

    public int maxPushesInFlight() {
        return pushes.max();
    }

    public int maxReadsInFlight() {
        return reads.max();
    }

    /** Forgets counts and writes, keeps content: marks the start of a test phase. */
    public void resetCounters() {
        counts.values().forEach(c -> c.set(0));
        synchronized (writes) {
            writes.clear();
        }
        blobBytesServed.set(0);
    }

    // ---- behaviour knobs ----

    public FakeRegistry requireCredentials(Credentials credentials) {
        this.required = credentials;
        return this;
    }

    /** Offers a bulk tag listing that tells the truth: every tag of the repository with its digest. */
    public FakeRegistry offerTagDigests() {
        return offerTagDigests(repository -> {
            synchronized (this) {
                Repo r = repos.get(repository);
                return r == null ? Map.of() : Map.copyOf(r.tags);
            }
        });
    }

    /** Offers a bulk tag listing that answers what {@code listing} says, true or not. */
    public FakeRegistry offerTagDigests(TagDigestListing listing) {
        tagDigests = listing;
        return this;
    }

    public FakeRegistry refuseMounts() {
        this.mountAllowed = false;
        return this;
    }

    /** Fails the next {@code times} requests of {@code op} whose reference (tag or digest) contains {@code match}. */
    public FakeRegistry fail(Op op, String match, int times, Supplier<RuntimeException> error) {
        faults.add(new Fault(op, match, new AtomicInteger(times), error));
        return this;
    }

    public FakeRegistry fail(Op op, int times, Supplier<RuntimeException> error) {
        return fail(op, "", times, error);
    }

    /** Every upload into this registry sleeps this long per chunk it reads (interruptibly). */
    public FakeRegistry slowUploads(long millisPerChunk) {
        this.pushDelayMillisPerChunk = millisPerChunk;
        return this;
    }

    /**
     * The first uploads wait (up to {@code maxMillis}) until {@code parties} of them are in flight here at once; later
     * ones do not wait. With {@code parties} one more than the engine's bound, the first uploads reach the bound
     * whatever the scheduling, and the extra party can only arrive if the bound is broken.
     */
    public FakeRegistry holdFirstUploads(int parties, long maxMillis) {
        this.holdMillis = maxMillis;
        this.uploadRendezvous = new java.util.concurrent.CountDownLatch(parties);
        return this;
    }

    /** Every blob read from this registry sleeps this long per chunk (interruptibly). */
    /** Every manifest HEAD takes {@code millis}, as over a long round trip. */
    public FakeRegistry slowHeads(long millis) {
        this.headDelayMillis = millis;
        return this;
    }

    /** The most manifest HEADs seen in flight at once. */
    public int maxHeadsInFlight() {
        return heads.max();
    }

    public FakeRegistry slowReads(long millisPerChunk) {
        this.readDelayMillisPerChunk = millisPerChunk;
        return this;
    }

    /**
     * The next {@code uploads} uploads here are cut after {@code offset} bytes and continued from there, as the client
     * does when the session kept them: the rest is read from the content opened at that offset.
     */
    public FakeRegistry continueUploadsAt(int uploads, long offset) {
        this.continueUploadsAt = offset;
        this.uploadsToContinue.set(uploads);
        return this;
    }

    /** The next {@code streams} blob streams opened here fail after {@code bytes} bytes. */
    public FakeRegistry breakBlobStreams(int streams, int bytes) {
        this.breakStreamsAfterBytes = bytes;
        this.streamsToBreak = streams;
        return this;
    }

    public static RegistryException error(RegistryErrorKind kind, int status, String message) {
        return new RegistryException(kind, status, message);
    }

    // ---- used by FakeClient ----

    void countRequest(Op op) {
        counts.get(op).incrementAndGet();
    }

    void injectFault(Op op, String reference) {
        for (Fault f : faults) {
            if (f.op() == op && (reference == null ? "" : reference).contains(f.match())
                    && f.left().getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                throw f.error().get();
            }
        }
    }

    void record(String kind, String repository, String reference) {
        writes.add(new Write(kind, repository, reference));
    }

    synchronized Repo repo(String repository) {
        return repos.computeIfAbsent(repository, r -> new Repo());
    }

    synchronized Repo existingRepo(String repository) {
        return repos.get(repository);
    }

    synchronized boolean consumeBrokenStream() {
        if (streamsToBreak > 0) {
            streamsToBreak--;
            return true;
        }
        return false;
    }

    static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw error(RegistryErrorKind.INVALID_RESPONSE, 400, "MANIFEST_INVALID: not JSON");
        }
    }
}
