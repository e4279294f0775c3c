package io.hagicode.imagemirror.app.operator;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a sync is due now and why, and when the next scheduled one is. {@code nextSyncTime} is empty for a cron
 * expression that never fires again (e.g. 30 February).
 */
public record SyncDecision(Optional<SyncTrigger> trigger, Optional<Instant> nextSyncTime) {

    public boolean due() {
        return trigger.isPresent();
    }
}
