package io.hagicode.imagemirror.app.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps a Secret to the mirrors that reference it, so that creating or fixing a Secret re-triggers exactly those
 * mirrors. The mirror cache is indexed by "namespace/secret" keys; Secrets of another namespace never match because the
 * key carries the mirror's own namespace.
 */
final class SecretReferences implements SecondaryToPrimaryMapper<Secret> {
    static final String INDEX = "imagemirror-secret-refs";

    private final IndexedResourceCache<ImageMirror> mirrors;

    SecretReferences(IndexedResourceCache<ImageMirror> mirrors) {
        this.mirrors = mirrors;
    }

    /** The index function to register on the ImageMirror cache. */
    static Function<ImageMirror, List<String>> indexer() {
        return mirror -> new ArrayList<>(namesReferenced(mirror.getSpec()).stream()
                .map(name -> key(mirror.getMetadata().getNamespace(), name))
                .toList());
    }

    static Set<String> namesReferenced(ImageMirrorSpec spec) {
        Set<String> names = new TreeSet<>();
        if (spec == null) {
            return names;
        }
        addReference(spec.getSource(), names);
        spec.getTargets().forEach(t -> addReference(t, names));
        if (spec.getWebhook() != null && spec.getWebhook().getSecretRef() != null
                && spec.getWebhook().getSecretRef().getName() != null) {
            names.add(spec.getWebhook().getSecretRef().getName());
        }
        return names;
    }

    private static void addReference(RepositorySpec endpoint, Set<String> names) {
        if (endpoint != null && endpoint.getCredentialsSecretRef() != null
                && endpoint.getCredentialsSecretRef().getName() != null) {
            names.add(endpoint.getCredentialsSecretRef().getName());
        }
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(Secret secret) {
        String key = key(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
        return mirrors.byIndex(INDEX, key).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
