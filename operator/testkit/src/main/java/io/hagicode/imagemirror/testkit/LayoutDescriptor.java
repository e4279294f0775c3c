package io.hagicode.imagemirror.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A blob written to an OCI layout.
 *
 * @param platform {@code os/arch[/variant]} for image manifests, null otherwise
 */
public record LayoutDescriptor(String mediaType, String digest, long size, String platform) {

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", mediaType);
        m.put("digest", digest);
        m.put("size", size);
        return m;
    }
}
