package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorUpdateFilterTest {
    private final MirrorUpdateFilter filter = new MirrorUpdateFilter();

    @Test
    void theOperatorsOwnStatusUpdatesAreIgnored() {
        ImageMirror before = mirror(1L, null);
        ImageMirror after = Serialization.clone(before);
        after.getMetadata().setResourceVersion("8");
        after.setStatus(new ImageMirrorStatus());
        after.getStatus().setObservedGeneration(1L);

        assertThat(filter.accept(after, before)).isFalse();
    }

    @Test
    void specChangesAndNewSyncRequestsAreReconciled() {
        assertThat(filter.accept(mirror(2L, null), mirror(1L, null))).isTrue();
        assertThat(filter.accept(mirror(1L, "t2"), mirror(1L, "t1"))).isTrue();
        assertThat(filter.accept(mirror(1L, "t1"), mirror(1L, null))).isTrue();
        assertThat(filter.accept(mirror(1L, "t1"), mirror(1L, "t1"))).isFalse();
    }

    @Test
    void deletionIsReconciled() {
        ImageMirror deleting = mirror(1L, null);
        deleting.getMetadata().setDeletionTimestamp("2025-03-01T10:00:00Z");

        assertThat(filter.accept(deleting, mirror(1L, null))).isTrue();
    }

    private static ImageMirror mirror(Long generation, String requestedAt) {
        ImageMirror mirror = Mirrors.mirror("team", "app", Mirrors.repo("docker.io/library/nginx"),
                Mirrors.repo("registry.example.com/m/nginx"));
        mirror.getMetadata().setGeneration(generation);
        mirror.getMetadata().setResourceVersion("7");
        if (requestedAt != null) {
            mirror.getMetadata().setAnnotations(Map.of(ImageMirror.REQUESTED_AT_ANNOTATION, requestedAt));
        }
        return mirror;
    }
}
