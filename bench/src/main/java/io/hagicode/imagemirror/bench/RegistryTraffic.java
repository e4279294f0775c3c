package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts what one phase asked of a registry, from the registry's own access log, never from the client's counters.
 * Distribution writes a combined-format line per request with the bytes it wrote in the response (the same figure
 * as {@code http.response.written} in its structured line). The testkit's barrier makes the log complete before a
 * phase starts and after it ends; its own probe requests (query {@code testkit-...}) are left out.
 */
final class RegistryTraffic {
    private static final Pattern COMBINED = Pattern.compile(
            "^\\S+ \\S+ \\S+ \\[[^\\]]+\\] \"(\\S+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (\\d+|-) ");

    private final DistributionRegistry registry;

    RegistryTraffic(DistributionRegistry registry) {
        this.registry = registry;
    }

    DistributionRegistry registry() {
        return registry;
    }

    /** A phase starts: everything logged so far is not counted. */
    long begin() {
        registry.accessLogMark();
        return logLength();
    }

    /** What the registry served since {@code begin}. */
    Counts since(long begin) {
        registry.accessLogMark();
        Counts.Builder counts = new Counts.Builder();
        for (String line : readFrom(begin).split("\n")) {
            Matcher m = COMBINED.matcher(line);
            if (m.find() && !m.group(2).contains("?testkit-")) {
                long written = m.group(4).equals("-") ? 0 : Long.parseLong(m.group(4));
                counts.add(m.group(1), m.group(2), written);
            }
        }
        return counts.build();
    }

    /** Copies the registry's whole log next to the run's other outputs, for a look after the registry is gone. */
    void keepLog(Path copy) {
        try {
            Files.copy(registry.logFile(), copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Progress.say("could not keep %s: %s", registry.logFile(), e.getMessage());
        }
    }

    private long logLength() {
        return registry.logFile().toFile().length();
    }

    private String readFrom(long offset) {
        try (RandomAccessFile f = new RandomAccessFile(registry.logFile().toFile(), "r")) {
            long length = f.length();
            byte[] bytes = new byte[(int) Math.max(0, length - offset)];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + registry.logFile(), e);
        }
    }

    /**
     * @param blobGetBytes  body bytes of blob GETs: what was read from the registry
     * @param manifestGets  manifest GETs (what Docker Hub counts against its pull limit)
     * @param manifestHeads manifest HEADs
     */
    record Counts(int requests, int blobGets, long blobGetBytes, int manifestGets, int manifestHeads,
                  int tagListGets) {

        static final class Builder {
            private int requests;
            private int blobGets;
            private long blobGetBytes;
            private int manifestGets;
            private int manifestHeads;
            private int tagListGets;

            void add(String method, String uri, long written) {
                String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
                requests++;
                boolean get = method.equals("GET");
                if (path.contains("/blobs/") && !path.contains("/blobs/uploads") && get) {
                    blobGets++;
                    blobGetBytes += written;
                } else if (path.contains("/manifests/")) {
                    if (get) {
                        manifestGets++;
                    } else if (method.equals("HEAD")) {
                        manifestHeads++;
                    }
                } else if (path.endsWith("/tags/list") && get) {
                    tagListGets++;
                }
            }

            Counts build() {
                return new Counts(requests, blobGets, blobGetBytes, manifestGets, manifestHeads, tagListGets);
            }
        }
    }
}
