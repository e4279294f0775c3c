package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.app.job.SpecValidator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What `helm install` prints: how to check the operator, create a first ImageMirror and watch it. */
class ChartNotesTest {
    /** NOTES.txt as Helm renders it on install (a client-only dry run: no cluster needed). */
    private static String notes(UnaryOperator<InstallCommand> values) {
        String output = values.apply(new Helm(HelmChart.dir()).install().withName(HelmChart.RELEASE)
                .withNamespace(HelmChart.NAMESPACE).dryRun().clientOnly()).call().getOutput();
        assertThat(output).contains("NOTES:");
        return output.substring(output.indexOf("NOTES:"));
    }

    @Test
    void theNotesShowAFirstMirrorThatIsValidAndHowToWatchIt() throws Exception {
        String notes = notes(UnaryOperator.identity());
        assertThat(notes).contains("kubectl -n imagemirror-system rollout status deployment/imagemirror-operator")
                .contains("every namespace").contains("kubectl create namespace mirrors")
                .contains("kubectl -n mirrors get imm -w");
        Matcher manifest = Pattern.compile("apply -f - <<'EOF'\n(.*?)\nEOF\n", Pattern.DOTALL).matcher(notes);
        assertThat(manifest.find()).as("an ImageMirror to apply, in:\n%s", notes).isTrue();
        List<ImageMirrorDocuments.Loaded> mirrors = ImageMirrorDocuments.parse(manifest.group(1), "NOTES.txt");
        assertThat(mirrors).hasSize(1);
        SpecValidator.validate(mirrors.get(0).mirror().getSpec());
        assertThat(notes).contains("describe imm " + mirrors.get(0).mirror().getMetadata().getName());
    }

    @Test
    void withWatchNamespacesTheFirstMirrorGoesIntoAWatchedNamespace() {
        String notes = notes(t -> t.withValuesFile(HelmChart.valueSet("watch-other-namespaces-values.yaml")));
        assertThat(notes).contains("the namespaces team-a, team-b").contains("kubectl -n team-a get imm -w")
                .doesNotContain("create namespace");
    }
}
