package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.api.WebhookSpec;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/event-driven.yaml: a Secret with a token and a valid ImageMirror whose spec.webhook names it. */
class EventDrivenExampleTest {

    @Test
    void theMirrorIsValidAndItsWebhookNamesTheSecretBesideIt() throws Exception {
        Path file = RepoRoot.find().resolve("examples/event-driven.yaml");
        String[] documents = Files.readString(file).split("(?m)^---$");
        assertThat(documents).hasSize(2);
        JsonNode secret = new ObjectMapper(new YAMLFactory()).readTree(documents[0]);
        List<ImageMirrorDocuments.Loaded> mirrors = ImageMirrorDocuments.parse(documents[1], file.toString());
        ImageMirror mirror = mirrors.get(0).mirror();

        ValidatedSpec spec = SpecValidator.validate(mirror.getSpec());

        assertThat(secret.path("kind").asText()).isEqualTo("Secret");
        assertThat(mirror.getSpec().getWebhook().getSecretRef().getName())
                .isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(secret.path("stringData").path(WebhookSpec.TOKEN_KEY).asText()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(spec.tagFilter().select(List.of("v1.2.3", "1.2.3", "latest", "nightly", "pr-42")))
                .containsExactly("1.2.3", "latest", "v1.2.3");
    }
}
