package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.LinkStats;
import io.hagicode.imagemirror.testkit.ShapedLink;
import java.util.List;

/** A shaped link in front of the source and of each target, with the WAN profiles; closing closes the links only. */
final class WanLinks implements AutoCloseable {
    private final ShapedLink source;
    private final ShapedLink near;
    private final ShapedLink far;

    WanLinks(DistributionRegistry source, TargetPair targets) {
        this.source = ShapedLink.inFrontOf(source, WanProfiles.SOURCE);
        this.near = ShapedLink.inFrontOf(targets.first(), WanProfiles.NEAR);
        this.far = ShapedLink.inFrontOf(targets.second(), WanProfiles.FAR);
    }

    ShapedLink source() {
        return source;
    }

    ShapedLink near() {
        return near;
    }

    ShapedLink far() {
        return far;
    }

    List<ShapedLink> all() {
        return List.of(source, near, far);
    }

    void resetBytes() {
        all().forEach(ShapedLink::resetBytes);
    }

    /** Each link's statistics over the window, in the order of {@link #all()}. */
    List<LinkStats> stats(long from, long to) {
        return all().stream().map(l -> l.stats(from, to)).toList();
    }

    @Override
    public void close() {
        source.close();
        near.close();
        far.close();
    }
}
