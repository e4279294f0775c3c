package io.hagicode.imagemirror.app.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One folder of Argo CD's resource_customizations layout, {@code <group>/<Kind>/}: {@code health.lua} with
 * {@code health_test.yaml}, and {@code actions/} with {@code discovery.lua}, one {@code <action>/action.lua} per action
 * and {@code action_test.yaml}. Test inputs and outputs are paths relative to the file that names them, as in Argo CD.
 */
record ResourceCustomization(Path dir, String group, String kind) {
    static final String HEALTH = "health.lua";
    static final String HEALTH_TESTS = "health_test.yaml";
    static final String ACTIONS = "actions";
    static final String DISCOVERY = "discovery.lua";
    static final String ACTION = "action.lua";
    static final String ACTION_TESTS = "action_test.yaml";

    /** Strict: a misspelt key in a test file must fail here, not be ignored as Argo CD's runner would. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    record HealthTests(List<HealthTest> tests) {
    }

    record HealthTest(String inputPath, HealthStatus healthStatus) {
    }

    record HealthStatus(String status, String message) {
    }

    record ActionTests(List<DiscoveryTest> discoveryTests, List<ActionTest> actionTests) {
    }

    record DiscoveryTest(String inputPath, List<ExpectedAction> result) {
    }

    record ExpectedAction(String name, Boolean disabled, String displayName, String iconClass,
                          List<Map<String, String>> params) {
    }

    record ActionTest(String action, String inputPath, String expectedOutputPath, String expectedErrorMessage,
                      String input, Map<String, String> parameters) {
    }

    /** Every folder under {@code root} that holds a health.lua or an actions/ folder. */
    static List<ResourceCustomization> under(Path root) {
        try (Stream<Path> groups = Files.list(root)) {
            return groups.filter(Files::isDirectory).sorted()
                    .flatMap(group -> list(group).filter(Files::isDirectory)
                            .map(kind -> new ResourceCustomization(kind, group.getFileName().toString(),
                                    kind.getFileName().toString())))
                    .filter(c -> c.healthScript().isPresent() || Files.isDirectory(c.dir.resolve(ACTIONS)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key suffix argocd-cm uses for this kind, e.g. {@code mirror.hagicode.io_ImageMirror}. */
    String configMapKey() {
        return group + "_" + kind;
    }

    Optional<String> healthScript() {
        return optional(dir.resolve(HEALTH));
    }

    HealthTests healthTests() {
        return read(dir.resolve(HEALTH_TESTS), HealthTests.class);
    }

    Path actionsDir() {
        return dir.resolve(ACTIONS);
    }

    String discoveryScript() {
        return text(actionsDir().resolve(DISCOVERY));
    }

    /** Action name to action.lua, sorted by name. */
    Map<String, String> actionScripts() {
        Map<String, String> scripts = new TreeMap<>();
        list(actionsDir()).filter(d -> Files.isRegularFile(d.resolve(ACTION)))
                .forEach(d -> scripts.put(d.getFileName().toString(), text(d.resolve(ACTION))));
        return scripts;
    }

    ActionTests actionTests() {
        return read(actionsDir().resolve(ACTION_TESTS), ActionTests.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Path file) {
        return read(file, Map.class);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> optional(Path file) {
        return Files.isRegularFile(file) ? Optional.of(text(file)) : Optional.empty();
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
