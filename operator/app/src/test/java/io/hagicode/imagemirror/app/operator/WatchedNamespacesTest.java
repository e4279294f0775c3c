package io.hagicode.imagemirror.app.operator;

import static io.hagicode.imagemirror.app.operator.Mirrors.mirror;
import static io.hagicode.imagemirror.app.operator.Mirrors.repo;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hagicode.imagemirror.api.ImageMirrorStatus;
import io.hagicode.imagemirror.sync.MirrorJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** --namespaces (IMAGEMIRROR_NAMESPACES): mirrors elsewhere are left alone. */
class WatchedNamespacesTest {
    private static final String MIRRORS = "/apis/mirror.hagicode.io/v1alpha1/";

    @Test
    void onlyMirrorsInTheWatchedNamespacesAreSynced() throws InterruptedException {
        FakeSyncEngine engine = new FakeSyncEngine();
        try (OperatorHarness h = OperatorHarness.start(engine, s -> TestSettings.watching(s, "team-a"), s -> { })) {
            h.create(mirror("team-b", "app", repo("docker.io/library/nginx"), repo("registry.example.com/b/nginx")));
            h.create(mirror("team-a", "app", repo("docker.io/library/nginx"), repo("registry.example.com/a/nginx")));

            h.awaitReady("team-a", "app", "Synced");

            // Positive evidence rather than a wait: the operator lists and watches ImageMirrors in team-a only, so
            // no event of team-b can ever reach it, and it never wrote a status there.
            List<String> requests = requests(h);
            assertThat(requests).anyMatch(r -> r.startsWith("GET " + MIRRORS + "namespaces/team-a/imagemirrors?"))
                    .noneMatch(r -> r.startsWith("GET " + MIRRORS + "namespaces/team-b/imagemirrors?"))
                    .noneMatch(r -> r.startsWith("GET " + MIRRORS + "imagemirrors"))
                    .noneMatch(r -> r.contains(MIRRORS + "namespaces/team-b/imagemirrors/app/status"));
            ImageMirrorStatus other = h.get("team-b", "app").getStatus();
            assertThat(other == null || other.getConditions().isEmpty()).isTrue();
            assertThat(engine.jobs()).extracting(MirrorJob::name).containsExactly("team-a/app");
        }
    }

    /** Every request the mock API server has answered so far, as "METHOD path?query". */
    private static List<String> requests(OperatorHarness h) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r = h.server.takeRequest(100, TimeUnit.MILLISECONDS); r != null;
             r = h.server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            out.add(r.getMethod() + " " + r.getPath());
        }
        return out;
    }
}
