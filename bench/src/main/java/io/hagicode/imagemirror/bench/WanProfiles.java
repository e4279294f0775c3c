package io.hagicode.imagemirror.bench;

import io.hagicode.imagemirror.testkit.LinkProfile;
import java.time.Duration;

/**
 * The links of the WAN scenario, as seen from a mirror job running in a cloud region in the US East, next to Docker
 * Hub's registry (where CI runners and most clusters that mirror Docker Hub live). Figures are typical public
 * measurements, rounded:
 * <ul>
 *   <li>source, Docker Hub from the same region: ~10 ms RTT; one connection gets ~16 MiB/s (Docker Hub and its CDN
 *       throttle per connection), the job's share of the uplink ~64 MiB/s.</li>
 *   <li>near target, Azure Container Registry in Asia (Japan East / Southeast Asia) across the Pacific: ~160 ms RTT;
 *       one TCP connection ~4 MiB/s (window over RTT with some loss), the link ~16 MiB/s.</li>
 *   <li>far target, Aliyun ACR in mainland China (cn-shanghai) across the border: ~250 ms RTT, lossy: one connection
 *       ~1 MiB/s, the link ~4 MiB/s.</li>
 * </ul>
 * Loopback moves hundreds of MiB/s on this machine, so these caps, not the registries' hashing, bound the runs.
 */
final class WanProfiles {
    static final LinkProfile SOURCE = new LinkProfile("source: Docker Hub (same region)", Duration.ofMillis(5),
            16 * LinkProfile.MIB, 64 * LinkProfile.MIB);
    static final LinkProfile NEAR = new LinkProfile("near: Azure, Asia", Duration.ofMillis(80),
            4 * LinkProfile.MIB, 16 * LinkProfile.MIB);
    static final LinkProfile FAR = new LinkProfile("far: Aliyun, China", Duration.ofMillis(125),
            LinkProfile.MIB, 4 * LinkProfile.MIB);

    private WanProfiles() {
    }
}
