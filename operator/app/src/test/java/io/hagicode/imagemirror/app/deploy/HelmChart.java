package io.hagicode.imagemirror.app.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The chart in charts/imagemirror, rendered by real Helm (helm-java runs Helm's own code as a native library,
 * offline): what {@code helm template} would print.
 */
final class HelmChart {
    /** The release the docs install: with it the chart's object names are those of the kustomize install. */
    static final String RELEASE = "imagemirror";
    static final String NAMESPACE = DefaultInstallTest.NAMESPACE;

    private HelmChart() {
    }

    static Path dir() {
        return RepoRoot.find().resolve("charts/imagemirror");
    }

    /** A value set of charts/imagemirror/ci, by file name. */
    static Path valueSet(String fileName) {
        return dir().resolve("ci").resolve(fileName);
    }

    static Manifests template() {
        return template(UnaryOperator.identity());
    }

    static Manifests template(Path valuesFile) {
        return template(t -> t.withValuesFile(valuesFile));
    }

    /** Renders the chart in {@link #NAMESPACE} as release {@link #RELEASE}, with values added by {@code values}. */
    static Manifests template(UnaryOperator<TemplateCommand> values) {
        return template(RELEASE, values);
    }

    static Manifests template(String release, UnaryOperator<TemplateCommand> values) {
        return render(new Helm(dir()).template(), release, values, "charts/imagemirror");
    }

    /** Renders a packaged chart (a .tgz), as {@code helm template RELEASE FILE.tgz} would. */
    static Manifests templatePackage(Path chartArchive) {
        return render(Helm.template(chartArchive.toString()), RELEASE, UnaryOperator.identity(), chartArchive.toString());
    }

    private static Manifests render(TemplateCommand command, String release, UnaryOperator<TemplateCommand> values,
            String source) {
        String yaml = values.apply(command.withName(release).withNamespace(NAMESPACE)).call();
        return Manifests.parse(yaml, "helm template " + release + " " + source);
    }

    /** Helm's error message for values it refuses, or null if it renders them. */
    static String refusal(UnaryOperator<TemplateCommand> values) {
        try {
            template(values);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }
}
