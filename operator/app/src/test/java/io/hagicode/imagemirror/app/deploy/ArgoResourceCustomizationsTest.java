package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs deploy/argocd/resource_customizations the way Argo CD's own runners do (util/lua/health_test.go and
 * custom_actions_test.go), from the same health_test.yaml and action_test.yaml files, in {@link ArgoLua}. Where the
 * two differ, this one is stricter: discovery must offer exactly the expected actions (Argo CD checks each offered
 * one is expected), an action's output must equal the expected object (Argo CD's two-way diff ignores fields only the
 * output has), and an unknown key in a test file fails.
 */
class ArgoResourceCustomizationsTest {
    static final Path ROOT = RepoRoot.find().resolve("deploy/argocd/resource_customizations");
    /** The clock os.time and os.date read here; sync-now must write this time. */
    static final Instant NOW = Instant.parse("2025-06-02T08:30:05Z");
    /** What an expected output holds where the action writes the time of the request (Argo CD's normalizers do so). */
    static final String TIME_PLACEHOLDER = "0001-01-01T00:00:00Z";
    static final String REQUESTED_AT = "mirror.hagicode.io/requested-at";

    private final ArgoScripts argo = new ArgoScripts(new ArgoLua(Clock.fixed(NOW, ZoneOffset.UTC)));

    @TestFactory
    Stream<DynamicNode> healthTests() {
        return ResourceCustomization.under(ROOT).stream().filter(c -> c.healthScript().isPresent())
                .map(c -> dynamicContainer(c.group() + "/" + c.kind(), c.healthTests().tests().stream()
                        .map(test -> dynamicTest(test.inputPath(), () -> {
                            var health = argo.health(c.healthScript().orElseThrow(),
                                    ResourceCustomization.object(c.dir().resolve(test.inputPath())));
                            var expected = test.healthStatus();
                            assertThat(health).isEqualTo(new ArgoScripts.Health(expected.status(),
                                    expected.message() == null ? "" : expected.message()));
                        }))));
    }

    @TestFactory
    Stream<DynamicNode> discoveryTests() {
        return withActions().map(c -> dynamicContainer(c.group() + "/" + c.kind(), c.actionTests().discoveryTests()
                .stream().map(test -> dynamicTest("discovery/" + test.inputPath(), () -> {
                    var offered = argo.discover(c.discoveryScript(),
                            ResourceCustomization.object(c.actionsDir().resolve(test.inputPath())));
                    var expected = test.result().stream().map(e -> new ArgoScripts.ResourceAction(e.name(),
                            Boolean.TRUE.equals(e.disabled()), e.displayName(), e.iconClass(),
                            e.params() == null ? List.of() : e.params().stream().map(p -> p.get("name")).toList()))
                            .toList();
                    assertThat(offered).containsExactlyInAnyOrderElementsOf(expected);
                }))));
    }

    @TestFactory
    Stream<DynamicNode> actionTests() {
        return withActions().map(c -> dynamicContainer(c.group() + "/" + c.kind(), c.actionTests().actionTests()
                .stream().map(test -> dynamicTest("actions/" + test.action() + "/" + test.inputPath(), () -> {
                    assertThat(test.expectedErrorMessage()).as("expectedErrorMessage: luaj's error texts are not "
                            + "gopher-lua's, so this runner cannot check them").isNull();
                    assertThat(test.input()).as("input: unused by Argo CD's runner").isNull();
                    assertThat(c.actionScripts()).as("actions/%s/action.lua", test.action())
                            .containsKey(test.action());
                    var input = ResourceCustomization.object(c.actionsDir().resolve(test.inputPath()));
                    var output = argo.act(c.actionScripts().get(test.action()), test.action(), input,
                            test.parameters() == null ? Map.of() : test.parameters());
                    var expected = ResourceCustomization.object(c.actionsDir().resolve(test.expectedOutputPath()));
                    assertThat(canonical(timeOfRequest(output, input, expected))).isEqualTo(canonical(expected));
                }))));
    }

    /** Every action folder is tested, and offered by every discovery test; nothing else is offered. */
    @Test
    void everyActionIsDiscoveredAndTested() {
        withActions().forEach(c -> {
            Set<String> actions = c.actionScripts().keySet();
            assertThat(actions).as(c.actionsDir().toString()).isNotEmpty();
            var tests = c.actionTests();
            assertThat(tests.actionTests().stream().map(ResourceCustomization.ActionTest::action))
                    .as("actions with an actionTest").containsAll(actions);
            assertThat(tests.discoveryTests()).isNotEmpty();
            tests.discoveryTests().forEach(d -> assertThat(d.result().stream().map(
                    ResourceCustomization.ExpectedAction::name)).as(d.inputPath()).containsExactlyInAnyOrderElementsOf(actions));
        });
    }

    /** A test input or output that no test names is a test that silently stopped running. */
    @Test
    void everyTestdataFileIsUsed() throws IOException {
        Set<Path> named = new HashSet<>();
        for (ResourceCustomization c : ResourceCustomization.under(ROOT)) {
            if (c.healthScript().isPresent()) {
                c.healthTests().tests().forEach(t -> named.add(c.dir().resolve(t.inputPath()).normalize()));
            }
            if (Files.isDirectory(c.actionsDir())) {
                var tests = c.actionTests();
                tests.discoveryTests().forEach(t -> named.add(c.actionsDir().resolve(t.inputPath()).normalize()));
                tests.actionTests().forEach(t -> {
                    named.add(c.actionsDir().resolve(t.inputPath()).normalize());
                    named.add(c.actionsDir().resolve(t.expectedOutputPath()).normalize());
                });
            }
        }
        Set<Path> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.getParent().getFileName().toString().equals("testdata")).forEach(present::add);
        }
        assertThat(present).isNotEmpty();
        assertAll(present.stream().map(f -> () -> assertThat(named).as("a test names " + ROOT.relativize(f))
                .contains(f.normalize())));
    }

    private static Stream<ResourceCustomization> withActions() {
        return ResourceCustomization.under(ROOT).stream().filter(c -> Files.isDirectory(c.actionsDir()));
    }

    /**
     * Where the expected output holds the placeholder for the time of a sync request, the output must hold the clock's
     * time, differ from the input's value (else the operator would not sync), and is then compared as the placeholder.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> timeOfRequest(Map<String, Object> output, Map<String, Object> input,
                                                     Map<String, Object> expected) {
        if (!TIME_PLACEHOLDER.equals(Yaml.str(expected, "metadata", "annotations", REQUESTED_AT))) {
            return output;
        }
        String written = Yaml.str(output, "metadata", "annotations", REQUESTED_AT);
        assertThat(written).as(REQUESTED_AT).isEqualTo(NOW.toString())
                .isNotEqualTo(Yaml.str(input, "metadata", "annotations", REQUESTED_AT));
        Map<String, Object> annotations = new LinkedHashMap<>(Yaml.map(output, "metadata", "annotations"));
        annotations.put(REQUESTED_AT, TIME_PLACEHOLDER);
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) output.get("metadata"));
        metadata.put("annotations", annotations);
        Map<String, Object> normalized = new LinkedHashMap<>(output);
        normalized.put("metadata", metadata);
        return normalized;
    }

    /** Numbers compared by value, as Argo CD compares the JSON of a float64 output with an int64 expectation. */
    static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), canonical(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }
}
