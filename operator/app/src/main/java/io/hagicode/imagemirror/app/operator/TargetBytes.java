package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.Map;
import java.util.TreeMap;

/** Sums a sync's uploaded bytes by target registry, for {@code imagemirror_copied_bytes_total}. */
final class TargetBytes {
    private TargetBytes() {
    }

    static Map<String, Long> split(SyncReport report) {
        Map<String, Long> out = new TreeMap<>();
        for (TargetReport target : report.targets()) {
            if (target.bytesCopied() > 0) {
                out.merge(target.repository().registry(), target.bytesCopied(), Long::sum);
            }
        }
        return out;
    }
}
