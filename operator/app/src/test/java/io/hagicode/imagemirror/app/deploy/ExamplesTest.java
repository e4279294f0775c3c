package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.oci.ImageReference;
import io.hagicode.imagemirror.oci.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples agree with each other and with the repository: the Argo CD Applications point at folders that exist
 * and hold valid resources, the compose files pull from exactly the hagicode mirror's source and targets, and the
 * secrets script creates the Secrets that mirror references.
 */
class ExamplesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Path root;
    private static ImageMirror hagicode;

    @BeforeAll
    static void load() throws Exception {
        root = RepoRoot.find();
        hagicode = ImageMirrorDocuments.read(root.resolve("examples/argocd/mirrors/hagicode.yaml")).get(0).mirror();
    }

    private static List<Map<?, ?>> applications() throws Exception {
        List<Map<?, ?>> apps = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("examples/argocd"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                apps.add(YAML.readValue(file.toFile(), Map.class));
            }
        }
        return apps;
    }

    @Test
    void argoApplicationsInstallDeployAndTheMirrorsFolder() throws Exception {
        List<Map<?, ?>> apps = applications();
        assertThat(apps).extracting(a -> Yaml.str(a, "spec", "source", "path"))
                .containsExactlyInAnyOrder("deploy", "examples/argocd/mirrors");
        for (Map<?, ?> app : apps) {
            assertThat(Yaml.str(app, "kind")).isEqualTo("Application");
            assertThat(Yaml.str(app, "apiVersion")).isEqualTo("argoproj.io/v1alpha1");
            assertThat(Yaml.str(app, "spec", "destination", "namespace")).isNotBlank();
            assertThat(root.resolve(Yaml.str(app, "spec", "source", "path"))).isDirectory();
        }
        assertThat(root.resolve("deploy/kustomization.yaml")).isRegularFile();
    }

    @Test
    void theMirrorsFolderHoldsValidImageMirrorsOnly() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("examples/argocd/mirrors"))) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path file : yamls) {
                for (ImageMirrorDocuments.Loaded loaded : ImageMirrorDocuments.read(file)) {
                    SpecValidator.validate(loaded.mirror().getSpec());
                    assertThat(loaded.mirror().getMetadata().getNamespace())
                            .as("%s: Argo CD's destination namespace decides", loaded.describe()).isNull();
                }
            }
        }
    }

    @Test
    void composeFilesPullFromTheMirrorsSourceAndTargets() throws Exception {
        Set<Repository> mirrored = Stream.concat(Stream.of(hagicode.getSpec().getSource()),
                        hagicode.getSpec().getTargets().stream())
                .map(RepositorySpec::getRepository).map(Repository::parse).collect(Collectors.toSet());
        Set<Repository> pulled = new java.util.HashSet<>();
        for (String source : List.of("dockerhub", "aliyun-acr", "azure-acr")) {
            Map<?, ?> compose = YAML.readValue(root.resolve("examples/compose/" + source + "/docker-compose.yml")
                    .toFile(), Map.class);
            assertThat(Yaml.map(compose, "services")).as(source).containsOnlyKeys("hagicode");
            assertThat(Yaml.list(compose, "services", "hagicode", "ports")).as(source).containsExactly("45000:8080");
            pulled.add(ImageReference.parse(Yaml.str(compose, "services", "hagicode", "image")).repository());
        }
        assertThat(pulled).isEqualTo(mirrored);
    }

    @Test
    void theSecretsScriptCreatesTheSecretsTheMirrorReferences() throws Exception {
        String script = Files.readString(root.resolve("examples/secrets/hagicode-registry-secrets.sh"));
        for (RepositorySpec target : hagicode.getSpec().getTargets()) {
            String registry = Repository.parse(target.getRepository()).registry();
            assertThat(script).contains("create " + target.getCredentialsSecretRef().getName() + " " + registry + " ");
        }
    }
}
