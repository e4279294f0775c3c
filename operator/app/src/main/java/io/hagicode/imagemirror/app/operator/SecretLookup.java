package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Finds a Secret by namespace and name; the operator reads its informer cache, tests a map. */
@FunctionalInterface
public interface SecretLookup {
    Optional<Secret> find(String namespace, String name);
}
