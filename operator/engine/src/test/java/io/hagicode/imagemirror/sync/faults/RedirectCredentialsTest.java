package io.hagicode.imagemirror.sync.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagFilter;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.Fault;
import io.hagicode.imagemirror.testkit.FaultProxy;
import io.hagicode.imagemirror.testkit.FaultRule;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.ProxiedRequest;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source behind Basic auth that redirects blob downloads to "object storage" on another host, as ACR and Aliyun do:
 * the download must succeed and carry no {@code Authorization} there. The storage is an open registry holding the same
 * content (same seeds, same digests), reached as {@code localhost}, a different host from the source's 127.0.0.1.
 */
class RedirectCredentialsTest {
    private static final String USER = "carol";
    private static final String PASSWORD = "redirect-Pa55";
    @RegisterExtension
    static final FaultBench bench = FaultBench.withFixtures(
            () -> DistributionRegistry.builder().htpasswd(USER, PASSWORD).start(), "team/app", 71);
    private static DistributionRegistry storage;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Arrays.stream(InetAddress.getAllByName("localhost"))
                .anyMatch(a -> a.getHostAddress().equals("127.0.0.1")), "localhost does not resolve to 127.0.0.1");
        storage = bench.newTarget();
        Map<String, PushedImage> mirrored = FaultBench.push(storage, "team/app", 71);
        assertThat(mirrored.get("big").digest()).isEqualTo(bench.fixtures.get("big").digest());
    }

    @Test
    void blobRedirectsToAnotherHostAreFollowedWithoutTheAuthorizationHeader() throws Exception {
        FaultProxy source = bench.proxy(bench.source);
        FaultProxy objectStorage = bench.proxy(storage);
        DistributionRegistry target = bench.newTarget();
        PushedImage big = bench.fixtures.get("big");
        List<FaultRule> redirects = big.blobDigests().stream().map(d -> source.when("GET", FaultProxy.blob(d)).always()
                .then(Fault.respond(307, Map.of("Location", "http://localhost:" + objectStorage.port()
                        + "/v2/team/app/blobs/" + d), new byte[0]))).toList();
        MirrorJob job = new MirrorJob("faults/redirect",
                new Endpoint(new Repository(source.hostPort(), "team/app"), Credentials.basic(USER, PASSWORD), true),
                List.of(FaultBench.endpoint(target.hostPort(), FaultBench.TARGET_REPO)), TagFilter.ALL, List.of(), 4, 1);

        SyncReport report = FaultBench.sync(job);

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(redirects).allSatisfy(r -> assertThat(r.hits()).isPositive());
        List<ProxiedRequest> atStorage = objectStorage.requests();
        assertThat(atStorage).as("downloads followed to the other host").hasSizeGreaterThanOrEqualTo(big.blobDigests()
                .size()).noneMatch(ProxiedRequest::authorization);
        assertThat(source.requests()).as("the source itself did get credentials")
                .anyMatch(r -> r.authorization() && r.uri().contains("/manifests/"));
        assertThat(TargetCheck.assertConsistent(target, bench.fixtures))
                .containsExactlyInAnyOrderElementsOf(bench.fixtures.keySet());
        FaultBench.tally("cross-host blob redirects", source.faultsInjected(), report);
    }
}
