package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Problems read in the spec's order, whichever check found them. */
class SpecProblemTest {
    @Test
    void problemsSortByTheSpecsLayoutAndListEntriesByIndex() {
        List<String> fields = sorted("spec.retries", "spec.platforms[0]", "spec.targets[10].repository",
                "spec.targets[2].credentialsSecretRef.name", "spec.targets[2].repository", "spec.targets",
                "spec.tags.latest", "spec.tags.semver", "spec.tags.include[1]", "spec.source.public",
                "spec.source.repository", "spec.schedule");

        assertThat(fields).containsExactly("spec.source.repository", "spec.source.public", "spec.targets",
                "spec.targets[2].repository", "spec.targets[2].credentialsSecretRef.name",
                "spec.targets[10].repository", "spec.tags.include[1]", "spec.tags.semver", "spec.tags.latest",
                "spec.platforms[0]", "spec.schedule", "spec.retries");
    }

    @Test
    void problemsOfOneFieldKeepTheOrderTheyWereFoundIn() {
        List<SpecProblem> problems = new ArrayList<>(List.of(
                new SpecProblem("spec.targets[1].repository", "a", "is the source repository"),
                new SpecProblem("spec.source.repository", "b", "is not a reference"),
                new SpecProblem("spec.targets[1].repository", "a", "duplicates spec.targets[0]")));

        problems.sort(SpecProblem.IN_SPEC_ORDER);

        assertThat(problems).extracting(SpecProblem::message).containsExactly("is not a reference",
                "is the source repository", "duplicates spec.targets[0]");
    }

    @Test
    void theOrderNamesEveryPropertyOfTheSpecSchema() {
        CustomResourceDefinition crd = Serialization.unmarshal(CrdExporter.export(), CustomResourceDefinition.class);
        Set<String> names = new TreeSet<>();
        collect(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec"), names);

        assertThat(SpecProblem.FIELD_ORDER).containsAll(names);
    }

    private static List<String> sorted(String... fields) {
        List<SpecProblem> problems = new ArrayList<>();
        for (String field : fields) {
            problems.add(new SpecProblem(field, null, "x"));
        }
        problems.sort(SpecProblem.IN_SPEC_ORDER);
        return problems.stream().map(SpecProblem::field).toList();
    }

    private static void collect(JSONSchemaProps node, Set<String> names) {
        if (node.getProperties() != null) {
            node.getProperties().forEach((name, child) -> {
                names.add(name);
                collect(child, names);
            });
        }
        if (node.getItems() != null && node.getItems().getSchema() != null) {
            collect(node.getItems().getSchema(), names);
        }
    }
}
