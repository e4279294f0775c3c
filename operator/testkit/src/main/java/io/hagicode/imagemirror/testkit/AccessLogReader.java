package io.hagicode.imagemirror.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incrementally parses the registry's combined-format access log lines
 * ({@code 127.0.0.1 - - [date] "GET /v2/ HTTP/1.1" 200 2 "" "agent"}). Distribution writes that line for every
 * request, including ones rejected by auth, whereas its structured "response completed" line is not written for all
 * of them; so the combined line is the one counted.
 */
final class AccessLogReader {
    private static final Pattern COMBINED =
            Pattern.compile("^\\S+ \\S+ \\S+ \\[[^\\]]+\\] \"(\\S+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) ");
    /** Query prefix of the kit's own probe and barrier requests, which are hidden from callers. */
    static final String INTERNAL_QUERY = "testkit-";

    private final Path logFile;
    private final List<AccessLogEntry> entries = new ArrayList<>();
    private long offset;

    AccessLogReader(Path logFile) {
        this.logFile = logFile;
    }

    /** Every entry so far, internal ones included. */
    synchronized List<AccessLogEntry> readAll() {
        readNewLines();
        return List.copyOf(entries);
    }

    private void readNewLines() {
        if (!Files.exists(logFile)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return;
            }
            byte[] chunk = new byte[(int) (length - offset)];
            f.seek(offset);
            f.readFully(chunk);
            int lastNewline = lastIndexOf(chunk, (byte) '\n');
            if (lastNewline < 0) {
                return; // a line still being written: wait for its end
            }
            offset += lastNewline + 1;
            String text = new String(chunk, 0, lastNewline + 1, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                Matcher m = COMBINED.matcher(line);
                if (m.find()) {
                    entries.add(new AccessLogEntry(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registry log " + logFile, e);
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static boolean isInternal(AccessLogEntry e) {
        return e.query().startsWith(INTERNAL_QUERY);
    }
}
