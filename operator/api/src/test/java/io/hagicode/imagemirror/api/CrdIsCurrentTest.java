package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD under crds/ must be what the Java model generates: a model change without regenerating fails here. */
class CrdIsCurrentTest {
    private static final Path COMMITTED = Path.of("../..").resolve(CrdExporter.COMMITTED_FILE).normalize();
    /** kustomize reads no file outside its folder, so deploy/ carries a byte-equal copy. */
    private static final Path DEPLOY_COPY = Path.of("../../deploy/crds").resolve(COMMITTED.getFileName()).normalize();
    /** Helm reads no file outside the chart either: its CRD template includes this copy. */
    private static final Path CHART_COPY =
            Path.of("../../charts/imagemirror/files").resolve(COMMITTED.getFileName()).normalize();

    @Test
    void committedCrdMatchesTheModel() throws IOException {
        String generated = CrdExporter.export();
        if (Boolean.getBoolean("imagemirror.updateCrd")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
            Files.writeString(DEPLOY_COPY, generated);
            Files.writeString(CHART_COPY, generated);
        }
        assertThat(COMMITTED).as("run with -Dimagemirror.updateCrd=true to regenerate " + COMMITTED).exists();
        assertThat(Files.readString(COMMITTED))
                .as("%s is stale: regenerate it with -Dimagemirror.updateCrd=true", COMMITTED)
                .isEqualTo(generated);
        for (Path copy : new Path[] {DEPLOY_COPY, CHART_COPY}) {
            assertThat(Files.readString(copy))
                    .as("%s is stale: regenerate it with -Dimagemirror.updateCrd=true", copy)
                    .isEqualTo(generated);
        }
    }

    @Test
    void printerColumnsFollowTheDeclaredOrder() {
        String crd = CrdExporter.export();
        int source = crd.indexOf("name: \"Source\"");
        int targets = crd.indexOf("name: \"Targets\"");
        int ready = crd.indexOf("name: \"Ready\"");
        int age = crd.indexOf("name: \"Age\"");
        assertThat(source).isPositive().isLessThan(targets);
        assertThat(targets).isLessThan(ready);
        assertThat(ready).isLessThan(age);
    }
}
