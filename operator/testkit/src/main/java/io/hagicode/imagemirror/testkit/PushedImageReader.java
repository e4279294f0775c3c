package io.hagicode.imagemirror.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a tag back from a test registry into a {@link PushedImage}, following an index to its manifests. */
final class PushedImageReader {
    private PushedImageReader() {
    }

    static PushedImage read(DistributionRegistry registry, String repository, String tag, String singlePlatform) {
        AdminHttpClient admin = registry.admin();
        AdminHttpClient.Response top = admin.getManifest(repository, tag).orElseThrow(
                () -> new IllegalStateException("tag " + repository + ":" + tag + " is not in " + registry));
        JsonNode json = top.json();
        String mediaType = mediaType(top, json);
        List<PushedManifest> manifests = new ArrayList<>();
        if (json.has("manifests")) {
            for (JsonNode entry : json.path("manifests")) {
                String digest = entry.path("digest").asText();
                AdminHttpClient.Response child = admin.getManifest(repository, digest).orElseThrow(
                        () -> new IllegalStateException("index child " + digest + " missing in " + repository));
                manifests.add(manifest(platform(entry.path("platform")), digest, child));
            }
        } else {
            manifests.add(manifest(singlePlatform, Skopeo.sha256(top.body()), top));
        }
        return new PushedImage(repository, tag, Skopeo.sha256(top.body()), mediaType, manifests, top.body());
    }

    private static PushedManifest manifest(String platform, String digest, AdminHttpClient.Response response) {
        JsonNode json = response.json();
        List<String> layers = new ArrayList<>();
        json.path("layers").forEach(l -> layers.add(l.path("digest").asText()));
        return new PushedManifest(platform, digest, mediaType(response, json),
                json.path("config").path("digest").asText(), layers);
    }

    private static String mediaType(AdminHttpClient.Response response, JsonNode json) {
        String fromBody = json.path("mediaType").asText("");
        return fromBody.isEmpty() ? response.contentType() : fromBody;
    }

    private static String platform(JsonNode p) {
        String s = p.path("os").asText() + "/" + p.path("architecture").asText();
        String variant = p.path("variant").asText("");
        return variant.isEmpty() ? s : s + "/" + variant;
    }
}
