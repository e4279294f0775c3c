package io.hagicode.imagemirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a run's results into docs/benchmarks.md between two markers, keeping everything else (the how-to and the
 * hand-written analysis) as it is. A missing file, or one without the markers, gets a skeleton first.
 */
final class ResultsDocument {
    static final String BEGIN = "<!-- bench:results:begin (written by bench/run.sh; edits here are overwritten) -->";
    static final String END = "<!-- bench:results:end -->";

    private ResultsDocument() {
    }

    static void write(Path doc, String results) {
        try {
            String text = Files.exists(doc) ? Files.readString(doc) : "";
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                text = skeleton();
                begin = text.indexOf(BEGIN);
                end = text.indexOf(END);
            }
            String updated = text.substring(0, begin + BEGIN.length()) + "\n" + results.strip() + "\n"
                    + text.substring(end);
            if (doc.getParent() != null) {
                Files.createDirectories(doc.getParent());
            }
            Files.writeString(doc, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + doc, e);
        }
    }

    private static String skeleton() {
        return "# Benchmarks\n\n"
                + "`bash bench/run.sh` measures imagemirror against `skopeo sync` and writes its results below.\n\n"
                + "## Results\n\n" + BEGIN + "\n" + END + "\n\n"
                + "## Analysis\n\n_Not written yet: read the figures above._\n";
    }
}
