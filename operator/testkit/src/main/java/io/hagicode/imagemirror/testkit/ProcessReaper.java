package io.hagicode.imagemirror.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills the child processes the test kit started when the JVM exits, so a test that forgets close() (or a crashed
 * fork) does not leave registries listening on loopback.
 */
final class ProcessReaper {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "testkit-process-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(Process process) {
        LIVE.add(process);
    }

    /** Stops the process (SIGTERM, then SIGKILL after a grace period) and forgets it. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    private static void killAll() {
        for (Process p : LIVE) {
            p.destroyForcibly();
        }
    }
}
