package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/migrating-from-image-syncer.md shows real importer runs: the blocks between {@code <!-- generated: NAME -->}
 * and {@code <!-- end generated -->} must be what the importer prints today. Run with
 * {@code -Dimagemirror.updateDocs=true} to rewrite them after changing the importer.
 */
class MigrationDocTest {
    private static final Path DOC = repoRoot().resolve("docs/migrating-from-image-syncer.md");
    private static final Pattern BLOCK = Pattern.compile("(<!-- generated: ([a-z-]+) -->\n)(.*?)(<!-- end generated -->)",
            Pattern.DOTALL);

    @Test
    void theGeneratedBlocksAreWhatTheImporterPrints() throws Exception {
        Map<String, String> generated = generate();
        String doc = Files.readString(DOC);
        Matcher m = BLOCK.matcher(doc);
        StringBuilder updated = new StringBuilder();
        Map<String, Boolean> found = new LinkedHashMap<>();
        while (m.find()) {
            String name = m.group(2);
            assertThat(generated).as("unknown generated block '%s' in %s", name, DOC).containsKey(name);
            found.put(name, true);
            m.appendReplacement(updated, Matcher.quoteReplacement(m.group(1) + generated.get(name) + m.group(4)));
        }
        m.appendTail(updated);
        if (Boolean.getBoolean("imagemirror.updateDocs")) {
            Files.writeString(DOC, updated.toString());
            doc = updated.toString();
        }
        assertThat(found.keySet()).as("blocks in %s", DOC).containsExactlyInAnyOrderElementsOf(generated.keySet());
        assertThat(doc).as("%s is stale: regenerate its blocks with -Dimagemirror.updateDocs=true", DOC)
                .isEqualTo(updated.toString());
    }

    @Test
    void theTableAccountsForEveryLineOfTheExampleImagesFile() throws Exception {
        String table = table(examplePlan());
        List<String> lines = Files.readAllLines(ImageSyncerFiles.file("examples/images.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith(" ") && line.contains(": ")) {
                assertThat(table).as("line %d", i + 1).contains("| " + (i + 1) + " | `" + line.substring(0,
                        line.lastIndexOf(": ")) + "` → ");
            } else if (line.strip().startsWith("- ")) {
                assertThat(table).as("line %d", i + 1).contains("` → `" + line.strip().substring(2) + "` |");
            }
        }
    }

    private static Map<String, String> generate() throws Exception {
        Map<String, String> blocks = new LinkedHashMap<>();
        Path seed = Path.of(MigrationDocTest.class.getResource("/importer/seed/images.yaml").toURI()).getParent();
        ImporterRun seedRun = ImporterRun.run("--auth", seed.resolve("auth.yaml").toString(), "--images",
                seed.resolve("images.yaml").toString(), "--namespace", "mirrors", "--proc", "10", "--retries", "3");
        blocks.put("seed-stderr", fence("", relative(seedRun.err(), seed)));

        Path examples = ImageSyncerFiles.file("examples");
        ImporterRun run = ImporterRun.run("--auth", examples.resolve("auth.yaml").toString(), "--images",
                examples.resolve("images.yaml").toString());
        blocks.put("example-table", table(examplePlan()));
        blocks.put("example-stderr", fence("", relative(run.err(), examples)));
        blocks.put("example-stdout", fence("yaml", relative(run.out(), examples)));
        blocks.put("example-exit", "Exit code: " + run.exitCode() + ".\n");
        return blocks;
    }

    private static ImportPlan examplePlan() throws ImportException {
        Path examples = ImageSyncerFiles.file("examples");
        return ImageSyncerFiles.plan(new InputFiles(null, examples.resolve("auth.yaml"), examples.resolve("images.yaml")));
    }

    /** One row per rule (a key and one of its destinations): its line, the rule, and what became of it. */
    static String table(ImportPlan plan) {
        StringBuilder out = new StringBuilder("| line | image-syncer rule | becomes |\n|---|---|---|\n");
        Map<String, MirrorPlan> mirrors = new LinkedHashMap<>();
        plan.mirrors().forEach(m -> mirrors.put(m.name(), m));
        for (RuleOutcome outcome : plan.outcomes()) {
            ParsedRule rule = outcome.rule();
            out.append("| ").append(rule.entry().line()).append(" | `").append(rule.entry().key()).append("` → `")
                    .append(rule.destinationText()).append("` | ")
                    .append(outcome.skipped() ? "skipped: " + outcome.skipReason()
                            : "ImageMirror `" + outcome.mirror() + "` (" + mirrors.get(outcome.mirror()).tags()
                            .describe() + ")")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String fence(String language, String text) {
        return "```" + language + "\n" + text + (text.endsWith("\n") ? "" : "\n") + "```\n";
    }

    /** The doc's commands name the files relative to the current directory. */
    private static String relative(String text, Path dir) {
        return text.replace(dir + "/", "");
    }

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/migrating-from-image-syncer.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/migrating-from-image-syncer.md above " + Path.of("").toAbsolutePath());
    }
}
