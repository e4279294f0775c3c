package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/argocd/argocd-cm-health.yaml is generated from the scripts in resource_customizations: a script changed
 * without regenerating fails here. Read back as Argo CD reads it, it must hold every script byte for byte.
 */
class ArgoCdConfigMapIsCurrentTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path FILE = RepoRoot.find().resolve(ArgoCdConfigMap.FILE);
    private static final ResourceCustomization MIRROR = ResourceCustomization.under(ArgoResourceCustomizationsTest.ROOT)
            .stream().filter(c -> c.kind().equals("ImageMirror")).findFirst().orElseThrow();

    @Test
    void committedSnippetIsCurrent() throws IOException {
        String generated = ArgoCdConfigMap.render(MIRROR);
        if (Boolean.getBoolean(ArgoCdConfigMap.UPDATE_PROPERTY)) {
            Files.writeString(FILE, generated);
        }
        assertThat(Files.readString(FILE))
                .as("%s is stale: regenerate it with -D%s=true", FILE, ArgoCdConfigMap.UPDATE_PROPERTY)
                .isEqualTo(generated);
    }

    @Test
    void theSnippetHoldsTheScriptsVerbatim() throws IOException {
        Map<?, ?> configMap = YAML.readValue(FILE.toFile(), Map.class);
        assertThat(Yaml.str(configMap, "metadata", "name")).isEqualTo("argocd-cm");
        assertThat(Yaml.str(configMap, "data", "resource.customizations.health.mirror.hagicode.io_ImageMirror"))
                .isEqualTo(MIRROR.healthScript().orElseThrow());

        // Argo CD parses the actions key as YAML in its turn (ResourceActions: discovery.lua, definitions).
        Map<?, ?> actions = YAML.readValue(
                Yaml.str(configMap, "data", "resource.customizations.actions.mirror.hagicode.io_ImageMirror"),
                Map.class);
        assertThat(Yaml.map(actions)).containsOnlyKeys("discovery.lua", "definitions");
        assertThat(Yaml.str(actions, "discovery.lua")).isEqualTo(MIRROR.discoveryScript());
        Map<String, String> definitions = Yaml.list(actions, "definitions").stream().collect(Collectors.toMap(
                d -> Yaml.str(d, "name"), d -> Yaml.str(d, "action.lua")));
        assertThat(definitions).isEqualTo(MIRROR.actionScripts());

        assertThat(Yaml.str(configMap, "data",
                "resource.customizations.ignoreResourceUpdates.mirror.hagicode.io_ImageMirror"))
                .isEqualTo("jsonPointers:\n  - /status\n");
    }
}
