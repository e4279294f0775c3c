package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.CrdSchemaRules.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD, and the copy kustomize applies from deploy/crds/, pass the checks a real API server makes when a
 * CRD is created. The fabric8 mock server the operator tests run against makes none of them, so without this test a
 * CRD it accepts could still be refused by every real cluster: that was the case of the CEL rule
 * {@code self.targets.all(t, self.targets.exists_one(u, u.repository == t.repository))}, estimated at 322 million
 * cost units against a budget of 100 million. The rules are restated in {@link CrdSchemaRules} and
 * {@link CelCostEstimator}, whose javadoc cites the Kubernetes documentation and code they follow.
 */
class CrdApiServerRulesTest {
    private static final Path ROOT = Path.of("../..");

    static Stream<Path> crds() {
        Path file = Path.of(CrdExporter.COMMITTED_FILE);
        return Stream.of(ROOT.resolve(file), ROOT.resolve("deploy/crds").resolve(file.getFileName())).map(Path::normalize);
    }

    @ParameterizedTest
    @MethodSource("crds")
    void theSchemaIsStructural(Path crd) {
        for (CustomResourceDefinitionVersion version : versions(crd)) {
            assertThat(CrdSchemaRules.structuralViolations(schema(version))).as("%s %s", crd, version.getName())
                    .isEmpty();
            assertThat(CrdSchemaRules.printerColumnViolations(version)).as("%s %s", crd, version.getName()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("crds")
    void listMapKeysAreRequiredScalars(Path crd) {
        for (CustomResourceDefinitionVersion version : versions(crd)) {
            assertThat(CrdSchemaRules.listTypeViolations(schema(version))).as("%s %s", crd, version.getName()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyStringAndListIsBounded(Path crd) {
        for (CustomResourceDefinitionVersion version : versions(crd)) {
            assertThat(CrdSchemaRules.unboundedValues(schema(version))).as("%s %s", crd, version.getName()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyCelRuleFitsTheApiServersCostBudget(Path crd) {
        long total = 0;
        List<String> overBudget = new ArrayList<>();
        List<Rule> rules = versions(crd).stream().flatMap(v -> CrdSchemaRules.rules(schema(v)).stream()).toList();
        System.out.println("Estimated CEL rule costs in " + crd + ":");
        for (Rule rule : rules) {
            assertThat(rule.cardinality()).as("%s: a rule below a list without maxItems", rule.path())
                    .isNotEqualTo(CrdSchemaRules.UNBOUNDED);
            long once = CelCostEstimator.cost(rule.rule().getRule(), rule.schema());
            long cost = CelCostEstimator.saturatedMultiply(once, rule.cardinality());
            System.out.printf("  %s: %s%n    %,d per evaluation x %,d evaluations = %,d (limit %,d)%n",
                    rule.path(), rule.rule().getRule(), once, rule.cardinality(), cost,
                    CelCostEstimator.RULE_COST_LIMIT);
            if (cost > CelCostEstimator.RULE_COST_LIMIT) {
                overBudget.add(rule.path() + ": " + rule.rule().getRule() + String.format(" costs %,d", cost));
            }
            total = Math.max(total, total + cost); // saturates instead of overflowing
        }
        System.out.printf("  total %,d (limit %,d)%n", total, CelCostEstimator.CRD_COST_LIMIT);
        assertThat(rules).as("rules found in %s", crd).isNotEmpty();
        assertThat(overBudget).as("rules over the per-rule budget of %,d", CelCostEstimator.RULE_COST_LIMIT).isEmpty();
        assertThat(total).as("all rules together").isLessThanOrEqualTo(CelCostEstimator.CRD_COST_LIMIT);
    }

    private static List<CustomResourceDefinitionVersion> versions(Path crd) {
        try (InputStream in = Files.newInputStream(crd)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class).getSpec().getVersions();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JSONSchemaProps schema(CustomResourceDefinitionVersion version) {
        return version.getSchema().getOpenAPIV3Schema();
    }
}
