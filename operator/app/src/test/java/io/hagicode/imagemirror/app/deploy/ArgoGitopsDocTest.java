package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/gitops-argocd.md says what the scripts do: its examples come from the scripts' own tests. */
class ArgoGitopsDocTest {
    private static final Path ROOT = RepoRoot.find();
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(\\w+)\\*\\*");
    private static final Pattern CM_KEY = Pattern.compile("resource\\.customizations\\.\\w+\\.mirror\\.hagicode\\.io_ImageMirror");
    private static final Pattern LINK = Pattern.compile("\\]\\((\\.\\./[^)#]+)");

    private final String doc = ResourceCustomization.text(ROOT.resolve("docs/gitops-argocd.md"));
    private final ResourceCustomization mirror = ResourceCustomization.under(ArgoResourceCustomizationsTest.ROOT)
            .stream().filter(c -> c.kind().equals("ImageMirror")).findFirst().orElseThrow();

    @Test
    void everyHealthExampleIsOneTheTestsExpect() {
        Set<ArgoScripts.Health> expected = new LinkedHashSet<>();
        mirror.healthTests().tests().forEach(t -> expected.add(
                new ArgoScripts.Health(t.healthStatus().status(), t.healthStatus().message())));
        List<ArgoScripts.Health> examples = new ArrayList<>();
        String status = null;
        for (List<String> row : table("### What the health check reports")) {
            Matcher bold = BOLD.matcher(row.get(1));
            status = bold.find() ? bold.group(1) : status;
            Matcher code = CODE.matcher(row.get(2));
            if (code.matches()) {
                examples.add(new ArgoScripts.Health(status, code.group(1)));
            }
        }

        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        assertThat(expected).containsAll(examples);
    }

    @Test
    void theActionsTableNamesEveryActionAndNoOther() {
        List<String> named = table("### Actions").stream().map(row -> {
            Matcher code = CODE.matcher(row.get(0));
            return code.find() ? code.group(1) : row.get(0);
        }).toList();

        assertThat(named).containsExactlyInAnyOrderElementsOf(mirror.actionScripts().keySet());
    }

    @Test
    void everyArgocdCmKeyTheDocNamesIsInTheSnippet() throws IOException {
        Map<?, ?> configMap = new ObjectMapper(new YAMLFactory())
                .readValue(ROOT.resolve(ArgoCdConfigMap.FILE).toFile(), Map.class);
        Matcher key = CM_KEY.matcher(doc);
        int keys = 0;
        while (key.find()) {
            keys++;
            assertThat(Yaml.map(configMap, "data")).containsKey(key.group());
        }
        assertThat(keys).isPositive();
    }

    @Test
    void everyLinkIntoTheRepositoryResolves() {
        Matcher link = LINK.matcher(doc);
        int links = 0;
        while (link.find()) {
            links++;
            assertThat(ROOT.resolve("docs").resolve(link.group(1)).normalize()).as(link.group(1)).exists();
        }
        assertThat(links).isPositive();
    }

    /** The body rows of the first Markdown table after {@code heading}, as trimmed cells. */
    private List<List<String>> table(String heading) {
        int at = doc.indexOf("\n" + heading + "\n");
        assertThat(at).as(heading).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : doc.substring(at + heading.length() + 2).lines().toList()) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
                cells.add(cell.trim());
            }
            rows.add(cells);
        }
        assertThat(rows).as("a table after " + heading).hasSizeGreaterThan(2);
        return rows.subList(2, rows.size()); // the header and the |---| line
    }
}
