package io.hagicode.imagemirror.sync;

import io.hagicode.imagemirror.oci.Descriptor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out {@link BlobSpool}s within the disk budget of {@link EngineTuning.Spool}. The budget is counted per
 * directory for the whole process, not per sync: the operator runs several mirrors' syncs at once, each with an engine
 * of its own, and all of them write to the pod's one {@code /tmp}, whose emptyDir evicts the pod when it overflows.
 * <p>
 * A process that dies mid-copy leaves its spool files behind, and a restarted container keeps its pod's emptyDir: the
 * first use of a directory in a process deletes every spool file there. A file another live process still writes is
 * only unlinked (on Linux its open channel goes on working) and disappears with its last close.
 */
final class SpoolSpace {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolSpace.class);
    private static final ConcurrentHashMap<Path, AtomicLong> RESERVED = new ConcurrentHashMap<>();
    private static final String PREFIX = "imagemirror-spool-";
    private static final String SUFFIX = ".blob";

    private final EngineTuning.Spool settings;

    SpoolSpace(EngineTuning.Spool settings) {
        this.settings = settings;
    }

    /**
     * A spool for {@code blob}, holding all of it or, when the budget has less left, a prefix of it; null when the blob
     * is under the threshold, when what is left of the budget is, or when the file cannot be made (then the blob is
     * copied as without a spool).
     */
    BlobSpool spoolFor(Descriptor blob) {
        if (settings.budget() == 0 || blob.size() <= 0 || blob.size() < settings.threshold()) {
            return null;
        }
        Path directory = settings.directoryOrDefault().toAbsolutePath().normalize();
        AtomicLong reserved = RESERVED.computeIfAbsent(directory, d -> {
            deleteLeftovers(d);
            return new AtomicLong();
        });
        long granted;
        while (true) {
            long now = reserved.get();
            granted = Math.min(blob.size(), settings.budget() - now);
            if (granted <= 0 || granted < settings.threshold()) {
                LOG.debug("no spool for blob {}: {} of the {} bytes of spool budget in {} are in use", blob.digest(),
                        now, settings.budget(), directory);
                return null;
            }
            if (reserved.compareAndSet(now, now + granted)) {
                break;
            }
        }
        long grant = granted;
        try {
            Path file = Files.createTempFile(directory, PREFIX, SUFFIX);
            return BlobSpool.create(file, grant, () -> reserved.addAndGet(-grant));
        } catch (IOException | RuntimeException e) {
            reserved.addAndGet(-grant);
            LOG.warn("no spool for blob {}: cannot create a file in {} ({}); a retry reads the source again",
                    blob.digest(), directory, e.toString());
            return null;
        }
    }

    private static void deleteLeftovers(Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                    LOG.info("deleted spool file {}, left behind by an earlier process", file);
                } catch (IOException e) {
                    LOG.warn("cannot delete spool file {}, left behind by an earlier process: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {} for spool files left behind", directory, e);
        }
    }

    /** Bytes of spool this process holds in the configured directory now. */
    long reserved() {
        AtomicLong reserved = RESERVED.get(settings.directoryOrDefault().toAbsolutePath().normalize());
        return reserved == null ? 0 : reserved.get();
    }
}
