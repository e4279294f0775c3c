package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values that values.schema.json refuses: real Helm stops before rendering, with a message naming the value. */
class ChartSchemaTest {
    private static final String HELM_SAYS = "values don't meet the specifications of the schema(s)";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            replicaCount                  | two                 | replicaCount: Invalid type. Expected: integer, given: string
            replicaCont                   | 2                   | Additional property replicaCont is not allowed
            image.digest                  | sha256:abc          | image.digest: Does not match pattern
            image.digest                  | latest              | image.digest: Does not match pattern
            image.repository              | GHCR.io/Hagicode    | image.repository: Does not match pattern
            image.pullPolicy              | Sometimes           | image.pullPolicy: image.pullPolicy must be one of the following
            leaderElection                | yes please          | leaderElection: Invalid type. Expected: boolean, given: string
            maxTransfers                  | 0                   | maxTransfers: Must be greater than or equal to 1
            maxConcurrentSyncs            | four                | maxConcurrentSyncs: Invalid type. Expected: [integer,null], given: string
            metrics.port                  | 80                  | metrics.port: Must be greater than or equal to 1024
            metrics.port                  | 70000               | metrics.port: Must be less than or equal to 65535
            metrics.prometheusRule.notReadyFor | an hour        | metrics.prometheusRule.notReadyFor: Does not match pattern
            watchNamespaces[0]            | Team_A              | watchNamespaces.0: Does not match pattern
            extraCaBundle.configMapName   | Registry CA         | extraCaBundle.configMapName: Does not match pattern
            extraCaBundle.keys[0]         | ../etc/passwd       | extraCaBundle.keys.0: Does not match pattern
            crds.install                  | maybe               | crds.install: Invalid type. Expected: boolean, given: string
            resources.limits.memory       | null                | resources.limits: memory is required
            """)
    void helmRefusesTheValueAndSaysWhich(String key, String value, String message) {
        String refusal = HelmChart.refusal(t -> t.set(key, value));
        assertThat(refusal).as("helm template --set %s=%s", key, value).isNotNull()
                .contains(HELM_SAYS).contains(message);
    }
}
