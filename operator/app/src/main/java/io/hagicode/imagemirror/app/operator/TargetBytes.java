package io.hagicode.imagemirror.app.operator;

import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a sync's uploaded bytes by target registry, for {@code imagemirror_copied_bytes_total}. The engine counts
 * bytes per sync, not per target: when every target lives in one registry the split is exact; otherwise each target
 * gets a share in proportion to the tags copied to it, exact when the targets needed the same content and an estimate
 * when they did not. (A per-target byte count in the engine's TargetReport would make it exact.)
 */
final class TargetBytes {
    private TargetBytes() {
    }

    static Map<String, Long> split(SyncReport report) {
        Map<String, Long> out = new TreeMap<>();
        long total = report.totals().bytesCopied();
        if (total == 0 || report.targets().isEmpty()) {
            return out;
        }
        long copiedTags = report.targets().stream().mapToLong(t -> t.count(TagState.COPIED)).sum();
        long assigned = 0;
        for (int i = 0; i < report.targets().size(); i++) {
            TargetReport target = report.targets().get(i);
            long share = copiedTags == 0 ? total / report.targets().size()
                    : total * target.count(TagState.COPIED) / copiedTags;
            if (i == report.targets().size() - 1) {
                share = total - assigned;
            }
            assigned += share;
            out.merge(target.repository().registry(), share, Long::sum);
        }
        return out;
    }
}
