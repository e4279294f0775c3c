package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * The estimator against figures worked out by hand from the sources in its javadoc, including the two rules the CRD
 * had before its strings were bounded: a real API server refused both.
 */
class CelCostEstimatorTest {
    /** The spec schema as it was: targets had maxItems 32, but no string had a maxLength. */
    private static final JSONSchemaProps SPEC_BEFORE = schema("""
            type: object
            properties:
              source:
                type: object
                properties:
                  repository: {type: string}
              targets:
                type: array
                maxItems: 32
                items:
                  type: object
                  properties:
                    repository: {type: string}
                    insecure: {type: boolean}
            """);
    private static final JSONSchemaProps SPEC_AFTER = schema("""
            type: object
            properties:
              source:
                type: object
                properties:
                  repository: {type: string, maxLength: 255}
              targets:
                type: array
                maxItems: 32
                items:
                  type: object
                  properties:
                    repository: {type: string, maxLength: 255}
                    insecure: {type: boolean}
              concurrency: {type: integer}
              schedule: {type: string, enum: ["@daily", "@hourly"]}
              platforms:
                type: array
                items: {type: string, maxLength: 64}
            """);
    private static final String DIFFERS_FROM_SOURCE = "self.targets.all(t, t.repository != self.source.repository)";
    private static final String DISTINCT_TARGETS =
            "self.targets.all(t, self.targets.exists_one(u, u.repository == t.repository))";

    @Test
    void theTargetDiffersRuleWasOverBudgetWithUnboundedStrings() {
        // A repository could fill the request: 3 MiB - 2 = 3,145,726 characters, compared for ceil(314,572.6).
        // Per target: t.repository 2 + self.source.repository 3 + 314,573, the && 1, the loop condition 2.
        long perTarget = 2 + 3 + 314_573 + 1 + 2;
        long expected = 2 + 1 + 32 * perTarget; // the range, the result, 32 targets

        assertThat(CelCostEstimator.cost(DIFFERS_FROM_SOURCE, SPEC_BEFORE)).isEqualTo(expected).isEqualTo(10_066_595)
                .isGreaterThan(CelCostEstimator.RULE_COST_LIMIT);
    }

    @Test
    void theDistinctTargetsRuleWasQuadraticAndOverTheWholeCrdBudget() {
        // Inner exists_one, per target: u.repository 2 + t.repository 2 + 314,573, the conditional's branch 2.
        long inner = 2 + 2 + 32 * (2 + 2 + 314_573 + 2); // range, result (__result__ == 1), loops
        long expected = 2 + 1 + 32 * (1 + inner + 2);

        assertThat(CelCostEstimator.cost(DISTINCT_TARGETS, SPEC_BEFORE)).isEqualTo(expected).isEqualTo(322_129_123)
                .isGreaterThan(CelCostEstimator.CRD_COST_LIMIT);
    }

    @Test
    void boundedStringsBringTheTargetDiffersRuleFarUnderBudget() {
        // 255 characters may take 4 bytes each: 1,020, compared for ceil(102.0).
        assertThat(CelCostEstimator.cost(DIFFERS_FROM_SOURCE, SPEC_AFTER)).isEqualTo(2 + 1 + 32 * (2 + 3 + 102 + 1 + 2))
                .isEqualTo(3_523);
    }

    @Test
    void existsScalarsEnumsAndLiteralsFollowCelGo() {
        // exists: condition @not_strictly_false(!__result__) 3, step __result__ || t.insecure 1 + 2.
        assertThat(CelCostEstimator.cost("self.targets.exists(t, t.insecure)", SPEC_AFTER)).isEqualTo(2 + 1 + 32 * 6);
        // Scalars compare for 1; the literal costs nothing.
        assertThat(CelCostEstimator.cost("self.concurrency <= 64", SPEC_AFTER)).isEqualTo(2 + 1);
        // An enum is as long as its longest value (7), the literal as itself (6): ceil(0.6) = 1.
        assertThat(CelCostEstimator.cost("self.schedule == '@daily' || !(self.schedule != \"@hourly\")", SPEC_AFTER))
                .isEqualTo((2 + 1) + (2 + 1 + 1));
        assertThat(CelCostEstimator.cost("size(self.targets) > 0 && self.targets.size() < 33", SPEC_AFTER))
                .isEqualTo((2 + 1 + 1) + (2 + 1 + 1));
    }

    @Test
    void whatItDoesNotModelIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> CelCostEstimator.cost("self.platforms.all(p, p != 'x')", SPEC_AFTER))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("without maxItems");
        assertThatThrownBy(() -> CelCostEstimator.cost("self.source.repository.matches('^a')", SPEC_AFTER))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("matches");
        assertThatThrownBy(() -> CelCostEstimator.cost("self.targets.map(t, t.repository)", SPEC_AFTER))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("map");
        assertThatThrownBy(() -> CelCostEstimator.cost("self.concurrency + 1 > 2", SPEC_AFTER))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static JSONSchemaProps schema(String yaml) {
        return Serialization.unmarshal(yaml, JSONSchemaProps.class);
    }
}
