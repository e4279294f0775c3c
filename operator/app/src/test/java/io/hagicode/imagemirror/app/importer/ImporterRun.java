package io.hagicode.imagemirror.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.api.InvalidDocumentException;
import io.hagicode.imagemirror.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/** Runs {@code imagemirror import-image-syncer} through the real entry point and splits what it printed. */
record ImporterRun(int exitCode, String out, String err) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static ImporterRun run(Function<String, String> environment, String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CommandLine sub = cli.getSubcommands().get("import-image-syncer");
        ((ImportImageSyncerCommand) sub.getCommand()).environment = environment;
        String[] full = new String[args.length + 1];
        full[0] = "import-image-syncer";
        System.arraycopy(args, 0, full, 1, args.length);
        int exit = cli.execute(full);
        return new ImporterRun(exit, out.toString(), err.toString());
    }

    /** The same run with {@code dir/} taken out of the file names it printed, as if run from {@code dir}. */
    ImporterRun relativeTo(Path dir) {
        String prefix = dir + "/";
        return new ImporterRun(exitCode, out.replace(prefix, ""), err.replace(prefix, ""));
    }

    static ImporterRun run(String... args) {
        return run(name -> null, args);
    }

    /** The YAML documents of stdout, as text, in order (the header comment before the first '---' dropped). */
    List<String> documents() {
        String[] parts = out.split("(?m)^---$\n?");
        List<String> docs = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            docs.add(parts[i]);
        }
        return docs;
    }

    /** Each document as a generic tree. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> trees() {
        List<Map<String, Object>> trees = new ArrayList<>();
        for (String doc : documents()) {
            try {
                trees.add(YAML.readValue(doc, Map.class));
            } catch (Exception e) {
                throw new AssertionError("stdout document is not YAML:\n" + doc, e);
            }
        }
        return trees;
    }

    static String name(Map<String, Object> document) {
        return String.valueOf(((Map<?, ?>) document.get("metadata")).get("name"));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return trees().stream().filter(t -> kind.equals(t.get("kind"))).toList();
    }

    /** Every ImageMirror document, loaded the strict way the CLI and operator load them. */
    List<ImageMirror> mirrors() {
        List<ImageMirror> mirrors = new ArrayList<>();
        for (String doc : documents()) {
            if (doc.contains("\nkind: ImageMirror\n")) {
                try {
                    ImageMirrorDocuments.parse(doc, "import output").forEach(l -> mirrors.add(l.mirror()));
                } catch (InvalidDocumentException e) {
                    throw new AssertionError("ImageMirror output does not load: " + e.getMessage() + "\n" + doc, e);
                }
            }
        }
        assertThat(mirrors).hasSize(ofKind("ImageMirror").size());
        return mirrors;
    }
}
