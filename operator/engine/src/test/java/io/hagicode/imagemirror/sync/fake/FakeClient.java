package io.hagicode.imagemirror.sync.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.Reference;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.oci.Tag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.hagicode.imagemirror.sync.fake.FakeRegistry.Op;
import static io.hagicode.imagemirror.sync.fake.FakeRegistry.error;

/** A {@link RegistryClient} on a {@link FakeRegistry}; behaves like the real client as far as the engine can tell. */
final class FakeClient implements RegistryClient {
    private static final int CHUNK = 16 * 1024;
    private final FakeRegistry registry;
    private final Credentials credentials;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeClient(FakeRegistry registry, Credentials credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public String registry() {
        return registry.host;
    }

    private void enter(Op op, Repository repository, String reference) {
        if (closed.get()) {
            throw new IllegalStateException("client used after close");
        }
        if (!repository.registry().equals(registry.host)) {
            throw new IllegalArgumentException(repository + " is not on " + registry.host);
        }
        registry.countRequest(op);
        Credentials required = registry.required;
        if (required != null && !required.equals(credentials)) {
            throw error(RegistryErrorKind.UNAUTHORIZED, 401, "UNAUTHORIZED: authentication required for " + repository);
        }
        registry.injectFault(op, reference);
    }

    @Override
    public List<String> listTags(Repository repository) {
        enter(Op.LIST_TAGS, repository, null);
        synchronized (registry) {
            FakeRegistry.Repo r = registry.existingRepo(repository.path());
            if (r == null) {
                throw error(RegistryErrorKind.NAME_UNKNOWN, 404, "NAME_UNKNOWN: " + repository);
            }
            return r.tags.keySet().stream().sorted().toList();
        }
    }

    private Optional<Manifest> resolve(Repository repository, Reference reference) {
        synchronized (registry) {
            FakeRegistry.Repo r = registry.existingRepo(repository.path());
            if (r == null) {
                return Optional.empty();
            }
            Digest d = reference instanceof Tag tag ? r.tags.get(tag.name()) : (Digest) reference;
            return Optional.ofNullable(d == null ? null : r.manifests.get(d));
        }
    }

    @Override
    public Optional<Map<String, Digest>> listTagDigests(Repository repository) {
        FakeRegistry.TagDigestListing listing = registry.tagDigests;
        if (listing == null) {
            return Optional.empty();
        }
        enter(Op.LIST_TAG_DIGESTS, repository, null);
        return Optional.of(listing.list(repository.path()));
    }

    @Override
    public Optional<Descriptor> headManifest(Repository repository, Reference reference) {
        enter(Op.HEAD_MANIFEST, repository, reference.toString());
        registry.heads.enter();
        try {
            sleep(registry.headDelayMillis);
            return resolve(repository, reference).map(Manifest::descriptor);
        } catch (InterruptedIOException e) {
            throw error(RegistryErrorKind.NETWORK, 0, "interrupted");
        } finally {
            registry.heads.exit();
        }
    }

    @Override
    public Manifest getManifest(Repository repository, Reference reference) {
        enter(Op.GET_MANIFEST, repository, reference.toString());
        return resolve(repository, reference).orElseThrow(() ->
                error(RegistryErrorKind.MANIFEST_UNKNOWN, 404, "MANIFEST_UNKNOWN: " + repository + ":" + reference));
    }

    @Override
    public void putManifest(Repository repository, Reference reference, Manifest manifest) {
        enter(Op.PUT_MANIFEST, repository, reference.toString());
        if (reference instanceof Digest named && !named.equals(manifest.digest())) {
            throw error(RegistryErrorKind.DIGEST_MISMATCH, 400, "DIGEST_INVALID: " + reference);
        }
        JsonNode json = FakeRegistry.parse(manifest.bytes());
        synchronized (registry) {
            FakeRegistry.Repo r = registry.repo(repository.path());
            for (JsonNode child : json.path("manifests")) {
                Digest d = Digest.parse(child.path("digest").asText());
                if (!r.manifests.containsKey(d)) {
                    throw error(RegistryErrorKind.MANIFEST_UNKNOWN, 400, "MANIFEST_BLOB_UNKNOWN: child " + d);
                }
            }
            for (Digest d : referencedBlobs(json)) {
                if (!r.blobs.containsKey(d)) {
                    throw error(RegistryErrorKind.BLOB_UNKNOWN, 400, "MANIFEST_BLOB_UNKNOWN: blob " + d);
                }
            }
            r.manifests.put(manifest.digest(), manifest);
            if (reference instanceof Tag tag) {
                r.tags.put(tag.name(), manifest.digest());
            }
            registry.record(reference instanceof Tag ? "tag" : "manifest", repository.path(), reference.toString());
        }
    }

    private static List<Digest> referencedBlobs(JsonNode json) {
        List<Digest> out = new ArrayList<>();
        if (json.has("config")) {
            out.add(Digest.parse(json.get("config").path("digest").asText()));
        }
        for (String field : List.of("layers", "blobs")) {
            for (JsonNode n : json.path(field)) {
                if (!n.path("mediaType").asText("").contains("foreign")) {
                    out.add(Digest.parse(n.path("digest").asText()));
                }
            }
        }
        return out;
    }

    @Override
    public boolean hasBlob(Repository repository, Digest digest) {
        enter(Op.HAS_BLOB, repository, digest.toString());
        return registry.hasBlob(repository.path(), digest);
    }

    @Override
    public InputStream openBlob(Repository repository, Descriptor blob) {
        enter(Op.OPEN_BLOB, repository, blob.digest().toString());
        byte[] content;
        synchronized (registry) {
            FakeRegistry.Repo r = registry.existingRepo(repository.path());
            content = r == null ? null : r.blobs.get(blob.digest());
        }
        if (content == null) {
            throw error(RegistryErrorKind.BLOB_UNKNOWN, 404, "BLOB_UNKNOWN: " + blob.digest());
        }
        int breakAfter = registry.consumeBrokenStream() ? registry.breakStreamsAfterBytes : -1;
        registry.reads.enter();
        return new ServedStream(content, breakAfter);
    }

    /**
     * The kept prefix, then this registry's bytes from where it ended, opened only then (as a Range read; served and
     * counted like any read). Like {@link #openBlob(Repository, Descriptor)}, the fake checks no digest.
     */
    @Override
    public InputStream openBlob(Repository repository, Descriptor blob, InputStream prefix) {
        return new InputStream() {
            private InputStream kept = prefix;
            private long position;
            private InputStream rest;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (kept != null) {
                    int n = kept.read(b, off, len);
                    if (n > 0) {
                        position += n;
                        return n;
                    }
                    kept.close();
                    kept = null;
                }
                if (rest == null) {
                    if (position >= blob.size()) {
                        return -1;
                    }
                    rest = openBlob(repository, blob);
                    rest.skipNBytes(position);
                    registry.blobBytesServed.addAndGet(-position);
                }
                return rest.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (kept != null) {
                    kept.close();
                }
                if (rest != null) {
                    rest.close();
                }
            }
        };
    }

    /** Counts what it serves, can sleep per chunk and break after some bytes. */
    private final class ServedStream extends InputStream {
        private final ByteArrayInputStream in;
        private final int breakAfter;
        private int served;
        private boolean done;

        ServedStream(byte[] content, int breakAfter) {
            this.in = new ByteArrayInputStream(content);
            this.breakAfter = breakAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                throw new IOException("stream closed");
            }
            sleep(registry.readDelayMillisPerChunk);
            if (breakAfter >= 0 && served >= breakAfter) {
                throw error(RegistryErrorKind.NETWORK, 0, "connection reset while reading a blob from " + registry.host);
            }
            int max = Math.min(len, CHUNK);
            if (breakAfter >= 0) {
                max = Math.min(max, breakAfter - served);
            }
            int n = in.read(b, off, max);
            if (n > 0) {
                served += n;
                registry.blobBytesServed.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                registry.reads.exit();
            }
        }
    }

    @Override
    public boolean mountBlob(Repository repository, Digest digest, Repository from) {
        enter(Op.MOUNT_BLOB, repository, digest.toString());
        synchronized (registry) {
            if (!registry.mountAllowed || !registry.hasBlob(from.path(), digest)) {
                return false;
            }
            registry.repo(repository.path()).blobs.put(digest, registry.existingRepo(from.path()).blobs.get(digest));
            registry.record("mount", repository.path(), digest.toString());
            return true;
        }
    }

    @Override
    public void pushBlob(Repository repository, Descriptor blob, BlobSource content) {
        enter(Op.PUSH_BLOB, repository, blob.digest().toString());
        registry.pushes.enter();
        long cutAt = blob.size() > registry.continueUploadsAt
                && registry.uploadsToContinue.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? registry.continueUploadsAt : -1;
        InputStream in = content.open();
        try {
            rendezvous(registry.uploadRendezvous, registry.holdMillis);
            MessageDigest hasher = blob.digest().newHasher();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.read(buf, 0, cutAt > out.size() ? (int) Math.min(CHUNK, cutAt - out.size()) : CHUNK))
                    >= 0) {
                sleep(registry.pushDelayMillisPerChunk);
                hasher.update(buf, 0, n);
                out.write(buf, 0, n);
                if (out.size() > blob.size()) {
                    break;
                }
                if (out.size() == cutAt) {
                    in.close();
                    in = content.openAt(cutAt);
                    cutAt = -1;
                }
            }
            if (out.size() != blob.size() || !blob.digest().matches(hasher.digest())) {
                throw error(RegistryErrorKind.DIGEST_MISMATCH, 400, "DIGEST_INVALID: upload of " + blob.digest()
                        + " got " + out.size() + " bytes");
            }
            synchronized (registry) {
                registry.repo(repository.path()).blobs.put(blob.digest(), out.toByteArray());
                registry.record("blob", repository.path(), blob.digest().toString());
            }
        } catch (InterruptedIOException e) {
            throw error(RegistryErrorKind.NETWORK, 0, "upload interrupted");
        } catch (IOException e) {
            throw new io.hagicode.imagemirror.oci.RegistryException(RegistryErrorKind.NETWORK, 0,
                    "upload of " + blob.digest() + " to " + repository + " failed: " + e.getMessage(), e);
        } finally {
            closeQuietly(in);
            registry.pushes.exit();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the upload's outcome is decided
        }
    }

    private static void rendezvous(java.util.concurrent.CountDownLatch latch, long maxMillis)
            throws InterruptedIOException {
        if (latch == null || latch.getCount() == 0) {
            return;
        }
        latch.countDown();
        try {
            latch.await(maxMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
