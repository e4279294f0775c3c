package io.hagicode.imagemirror.app.operator.webhook;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mirrors that receive webhooks now, by path: the reconciler registers a mirror whose spec.webhook has a usable
 * token, and removes it when the spec, the Secret or the mirror goes. The receiver only reads.
 */
public final class Hooks {
    private final Map<String, Hook> byPath = new ConcurrentHashMap<>();
    private final Map<ResourceID, String> pathOf = new ConcurrentHashMap<>();

    public synchronized void register(Hook hook) {
        remove(hook.mirror());
        byPath.put(hook.path(), hook);
        pathOf.put(hook.mirror(), hook.path());
    }

    public synchronized void remove(ResourceID mirror) {
        String path = pathOf.remove(mirror);
        if (path != null) {
            byPath.remove(path);
        }
    }

    Optional<Hook> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }
}
