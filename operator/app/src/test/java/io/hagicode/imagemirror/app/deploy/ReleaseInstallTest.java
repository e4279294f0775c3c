package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/render-install.sh IMAGE@DIGEST}: the single {@code install.yaml} that the release workflow attaches to
 * a GitHub release. It must be the default install ({@code kubectl kustomize deploy/}) with nothing changed but the
 * operator image, pinned by the digest Jib reported. The digest here is made up: no image is pushed by a test.
 */
class ReleaseInstallTest {
    private static final String FAKE_DIGEST = "sha256:" + sha256Hex("not an image: ReleaseInstallTest");

    private static Path script;
    private static Manifests kustomized;

    @BeforeAll
    static void render() {
        Path root = RepoRoot.find();
        script = root.resolve("deploy/render-install.sh");
        kustomized = Kustomize.render(root.resolve("deploy"));
    }

    @Test
    void theDeploymentRunsTheImageByDigest() {
        String pinned = DefaultInstallTest.IMAGE_REPOSITORY + "@" + FAKE_DIGEST;
        Manifests install = Kustomize.renderWithScript(script, pinned);

        Map<String, Object> container = OperatorDeployment.container(install.one("Deployment"));
        assertThat(Yaml.str(container, "image")).isEqualTo(pinned);
    }

    @Test
    void everythingElseIsTheDefaultInstallCrdIncluded() {
        Manifests install = Kustomize.renderWithScript(script, DefaultInstallTest.IMAGE_REPOSITORY + "@" + FAKE_DIGEST);

        assertThat(install.ids()).containsExactlyElementsOf(kustomized.ids())
                .contains("CustomResourceDefinition/imagemirrors.mirror.hagicode.io");
        List<Map<String, Object>> expected = kustomized.objects();
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> actual = install.objects().get(i);
            if ("Deployment".equals(actual.get("kind"))) {
                OperatorDeployment.container(actual).put("image",
                        Yaml.str(OperatorDeployment.container(expected.get(i)), "image"));
            }
            assertThat(actual).as(kustomized.ids().get(i)).isEqualTo(expected.get(i));
        }
    }

    @Test
    void anotherRepositoryCanBePinned() {
        String own = "registry.example.com:5000/ops/imagemirror@" + FAKE_DIGEST;
        Manifests install = Kustomize.renderWithScript(script, own);

        assertThat(Yaml.str(OperatorDeployment.container(install.one("Deployment")), "image")).isEqualTo(own);
    }

    @Test
    void anImageWithATagInsteadOfADigestIsRefused() {
        Kustomize.Result result = Kustomize.runScript(script, DefaultInstallTest.IMAGE_REPOSITORY + ":0.1.0");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("'ghcr.io/hagicode/imagemirror:0.1.0' is not an image pinned by digest")
                .contains("usage:");
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
