package io.hagicode.imagemirror.app.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Repository;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingPushesTest {
    private static final ResourceID MIRROR = new ResourceID("app", "team");
    private static final Hook HOOK = new Hook(MIRROR, "/hook/x", "token-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            new Repository("registry.example.com", "team/app"), tag -> true);
    private static final Instant T0 = Instant.parse("2026-12-02T03:00:00Z");

    private static PushEvent push(String tag) {
        return new PushEvent("generic", Optional.empty(), "team/app", tag, Optional.empty());
    }

    @Test
    void aBurstForOneTagIsOneEntryWithTheEarliestPushTime() {
        PendingPushes pushes = new PendingPushes();
        pushes.pushed(HOOK, List.of(push("1.0")), T0);
        pushes.pushed(HOOK, List.of(push("1.0"), push("1.1")), T0.plusSeconds(2));

        PendingPushes.Batch batch = pushes.take(MIRROR).orElseThrow();

        assertThat(batch.pushedAt()).isEqualTo(Map.of("1.0", T0, "1.1", T0.plusSeconds(2)));
        assertThat(batch.firstArrival()).isEqualTo(T0);
        assertThat(pushes.take(MIRROR)).isEmpty();
    }

    @Test
    void aBatchPutBackIsMergedWithWhatArrivedSinceKeepingTheEarliestTimes() {
        PendingPushes pushes = new PendingPushes();
        pushes.pushed(HOOK, List.of(push("1.0")), T0);
        PendingPushes.Batch taken = pushes.take(MIRROR).orElseThrow();
        pushes.pushed(HOOK, List.of(push("1.0"), push("2.0")), T0.plusSeconds(5));

        pushes.putBack(MIRROR, taken);

        PendingPushes.Batch batch = pushes.take(MIRROR).orElseThrow();
        assertThat(batch.pushedAt()).isEqualTo(Map.of("1.0", T0, "2.0", T0.plusSeconds(5)));
        assertThat(batch.firstArrival()).as("the coalesce window counts from the first arrival").isEqualTo(T0);
    }

    @Test
    void aBatchPutBackWithNothingNewIsPendingAgain() {
        PendingPushes pushes = new PendingPushes();
        pushes.pushed(HOOK, List.of(push("1.0")), T0);
        PendingPushes.Batch taken = pushes.take(MIRROR).orElseThrow();

        pushes.putBack(MIRROR, taken);

        assertThat(pushes.peek(MIRROR)).contains(taken);
    }
}
