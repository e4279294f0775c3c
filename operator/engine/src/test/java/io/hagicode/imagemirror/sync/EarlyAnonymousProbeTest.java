package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.ProxiedRequest;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The anonymous-pull probe of a target starts as soon as one tag is in sync there, not after the last write: over a far
 * link its round trip then overlaps the other tags' writes. Real Distribution registries; the target sits behind a
 * fault proxy that holds every tag PUT after the first until the probe's HEAD has arrived (at most 10 s), so a probe
 * that waited for the end of the sync shows as a timed-out hold and a HEAD after the last PUT.
 */
class EarlyAnonymousProbeTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static final String TAG_PUT = "^/v2/mirror/app/manifests/1\\.\\d$";

    @Test
    void theProbeRunsWhileTheRemainingTagsAreWritten() throws Exception {
        DistributionRegistry source = registries.plain();
        DistributionRegistry target = registries.plain();
        for (int i = 0; i < 3; i++) {
            FixtureImages.pushDockerImage(source, "team/app", "1." + i, 70 + i);
        }
        AtomicInteger tagPuts = new AtomicInteger();
        CountDownLatch probed = new CountDownLatch(1);
        AtomicBoolean heldInVain = new AtomicBoolean();
        try (FaultProxy proxy = FaultProxy.inFrontOf(target);
             OciRegistryClientFactory factory = new OciRegistryClientFactory(ClientOptions.defaults())) {
            proxy.when("HEAD", TAG_PUT).always().then(Fault.beforeForwarding(() -> {
                if (tagPuts.get() > 0) {
                    probed.countDown(); // a tag HEAD once a tag was written: only the probe sends one
                }
            }));
            proxy.when("PUT", TAG_PUT).always().then(Fault.beforeForwarding(() -> {
                if (tagPuts.getAndIncrement() > 0) {
                    try {
                        heldInVain.compareAndSet(false, !probed.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            MirrorJob job = new MirrorJob("it/early-probe",
                    new Endpoint(new Repository(source.hostPort(), "team/app"), Credentials.ANONYMOUS, true),
                    List.of(new Endpoint(new Repository(proxy.hostPort(), "mirror/app"), Credentials.ANONYMOUS, true)),
                    TagFilter.ALL, List.of(), 4, 0);

            SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job, SyncListener.NONE);

            assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
            assertThat(report.targets().get(0).anonymousPull().result()).isEqualTo(AnonymousPull.ALLOWED);
            // The held PUTs were released by the probe's HEAD: it arrived before the last tag was written.
            assertThat(tagPuts).hasValue(3);
            assertThat(heldInVain).as("a tag PUT waited 10 s for a probe that did not come").isFalse();
            assertThat(probed.getCount()).isZero();
            List<ProxiedRequest> requests = proxy.requests();
            assertThat(requests.stream().filter(r -> r.is("HEAD") && r.uri().matches(TAG_PUT)).count())
                    .as("one probe only: the three planning HEADs and it").isEqualTo(4);
        }
    }
}
