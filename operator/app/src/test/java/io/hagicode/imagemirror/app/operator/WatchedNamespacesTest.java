package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hagicode.imagemirror.sync.MirrorJob;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** --namespaces (IMAGEMIRROR_NAMESPACES): mirrors elsewhere are left alone. */
class WatchedNamespacesTest {

    @Test
    void onlyMirrorsInTheWatchedNamespacesAreSynced() {
        FakeSyncEngine engine = new FakeSyncEngine();
        try (OperatorHarness h = OperatorHarness.start(engine, s -> TestSettings.watching(s, "team-a"), s -> { })) {
            h.create(mirror("team-b", "app", repo("docker.io/library/nginx"), repo("registry.example.com/b/nginx")));
            h.create(mirror("team-a", "app", repo("docker.io/library/nginx"), repo("registry.example.com/a/nginx")));

            h.awaitReady("team-a", "app", "Synced");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> h.get("team-b", "app").getStatus() == null
                            || h.get("team-b", "app").getStatus().getConditions().isEmpty());
            assertThat(engine.jobs()).extracting(MirrorJob::name).containsExactly("team-a/app");
        }
    }
}
