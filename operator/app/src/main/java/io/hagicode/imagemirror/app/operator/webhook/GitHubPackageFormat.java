package io.hagicode.imagemirror.app.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hagicode.imagemirror.oci.ImageReference;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GitHub's {@code registry_package} event (docs.github.com, "Webhook events and payloads"), recognised by its
 * {@code X-GitHub-Event} header and always signed: {@code X-Hub-Signature-256} is the HMAC-SHA256 of the body with the
 * webhook secret, which must be the mirror's token. A {@code published} container version with a tag
 * ({@code package_version.container_metadata.tag.name}) is a push; {@code package_url} names the image
 * ({@code ghcr.io/owner/name:tag}). Other events (the {@code ping} on creation among them) are acknowledged.
 */
final class GitHubPackageFormat implements EventFormat {
    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

    @Override
    public String sender() {
        return "github";
    }

    @Override
    public boolean recognises(WebhookRequest request) {
        return request.header(EVENT_HEADER).isPresent();
    }

    @Override
    public void verify(WebhookRequest request, byte[] token) {
        HmacSignature.verify(request.header(SIGNATURE_HEADER), SIGNATURE_HEADER, request.body(), token);
    }

    @Override
    public List<PushEvent> pushes(WebhookRequest request) {
        JsonNode json = request.json();
        JsonNode pkg = json.path("registry_package");
        if (!"registry_package".equals(request.header(EVENT_HEADER).orElse(""))
                || !"published".equals(json.path("action").asText())
                || !"container".equals(pkg.path("package_type").asText().toLowerCase(Locale.ROOT))) {
            return List.of();
        }
        JsonNode version = pkg.path("package_version");
        Optional<String> tag = Json.optionalText(version.path("container_metadata").path("tag"), "name");
        if (tag.isEmpty()) {
            return List.of(); // an untagged manifest, e.g. one platform of a multi-arch push
        }
        String image = Json.optionalText(version, "package_url")
                .orElseGet(() -> "ghcr.io/" + Json.text(pkg, "namespace", "registry_package") + "/"
                        + Json.text(pkg, "name", "registry_package"));
        ImageReference ref;
        try {
            ref = ImageReference.parse(image.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RejectedEventException.badRequest("registry_package.package_version.package_url is no image "
                    + "reference: " + e.getMessage());
        }
        return List.of(new PushEvent(sender(), Optional.of(ref.repository().registry()), ref.repository().path(),
                tag.get(), Json.time(pkg, "updated_at")));
    }
}
