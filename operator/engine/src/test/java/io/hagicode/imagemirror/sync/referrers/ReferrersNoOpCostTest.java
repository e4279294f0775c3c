package io.hagicode.imagemirror.sync.referrers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.Descriptor;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.Manifest;
import io.hagicode.imagemirror.oci.MediaTypes;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.ReferrerTags;
import io.hagicode.imagemirror.oci.RegistryClient;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.DefaultSyncEngine;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagFilter;
import io.hagicode.imagemirror.sync.TransferLimits;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedRepository;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the referrers check costs a sync where nothing changed, counted in the access logs of real
 * Distribution 2.8 registries (no referrers API): the same no-op with referrers off (mode None) and on (mode All),
 * for a repository without signatures and for one where every tag has a cosign signature. docs/benchmarks.md quotes
 * the figures this prints ({@code [referrers-cost]}) at 1,000 tags ({@code -Dimagemirror.referrersCost.tags=1000}, a few
 * minutes: 2,000 distinct manifests and signatures to push and copy); the test suite checks the same exact counts at
 * 50 tags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferrersNoOpCostTest {
    private static final int TAGS = Integer.getInteger("imagemirror.referrersCost.tags", 50);
    /** Only the image tags: with referrers off, a filter of ALL would also select the 1,000 signature tags. */
    private static final TagFilter IMAGE_TAGS = new TagFilter(List.of(Pattern.compile("tag-.*")), List.of(), null, null);

    private DistributionRegistry source;
    private DistributionRegistry target1;
    private DistributionRegistry target2;
    private OciRegistryClientFactory factory;

    @BeforeAll
    void start() throws Exception {
        Skopeo.assumeInstalled();
        source = DistributionRegistry.plain();
        target1 = DistributionRegistry.plain();
        target2 = DistributionRegistry.plain();
        factory = new OciRegistryClientFactory(ClientOptions.defaults());
        FixtureImages.pushManyTags(source, "cost/plain", TAGS, 10, 1401);
        PushedRepository signed = FixtureImages.pushManyTags(source, "cost/signed", TAGS, TAGS, 1402);
        signEvery(signed);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {factory, source, target1, target2}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** A cosign-shaped signature per tag: shared blobs, the subject named in an annotation, so each is distinct. */
    private void signEvery(PushedRepository repository) throws Exception {
        Repository repo = new Repository(source.hostPort(), repository.repository());
        try (RegistryClient client = factory.client(source.hostPort(), Credentials.ANONYMOUS, true)) {
            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            byte[] layer = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
            Descriptor c = new Descriptor(CosignArtifacts.SIMPLE_SIGNING, Digest.sha256(config), config.length);
            Descriptor l = new Descriptor(CosignArtifacts.SIMPLE_SIGNING, Digest.sha256(layer), layer.length);
            client.pushBlob(repo, c, () -> new ByteArrayInputStream(config));
            client.pushBlob(repo, l, () -> new ByteArrayInputStream(layer));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (String digest : repository.distinctManifestDigests()) {
                    Digest subject = Digest.parse(digest);
                    puts.add(pool.submit(() -> client.putManifest(repo,
                            ReferrerTags.cosign(subject, ReferrerTags.Cosign.SIG), signature(c, l, subject))));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Manifest signature(Descriptor config, Descriptor layer, Digest subject) {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + config.mediaType() + "\",\"digest\":\"" + config.digest() + "\",\"size\":" + config.size()
                + "},\"layers\":[{\"mediaType\":\"" + layer.mediaType() + "\",\"digest\":\"" + layer.digest()
                + "\",\"size\":" + layer.size() + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"sig-"
                + subject.hex() + "\"}}]}";
        return Manifest.of(MediaTypes.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8));
    }

    private MirrorJob job(String path, ReferrerPolicy policy) {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), path), Credentials.ANONYMOUS, true);
        List<Endpoint> targets = List.of(
                new Endpoint(new Repository(target1.hostPort(), path), Credentials.ANONYMOUS, true),
                new Endpoint(new Repository(target2.hostPort(), path), Credentials.ANONYMOUS, true));
        return new MirrorJob("cost", src, targets, IMAGE_TAGS, List.of(), 10, 1, Map.of(), List.of(), policy);
    }

    private record Counts(int source, int target1, int target2, long sourceManifestGets, long millis) {
        Counts minus(Counts o) {
            return new Counts(source - o.source, target1 - o.target1, target2 - o.target2,
                    sourceManifestGets - o.sourceManifestGets, millis - o.millis);
        }
    }

    private Counts noOp(String path, ReferrerPolicy policy) throws Exception {
        int s = source.accessLogMark();
        int a = target1.accessLogMark();
        int b = target2.accessLogMark();
        long start = System.nanoTime();
        SyncReport report = new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job(path, policy),
                SyncListener.NONE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(report.succeeded()).as(String.valueOf(report.targets().get(0).referrers().stream()
                .filter(r -> r.error() != null).findFirst())).isTrue();
        assertThat(report.totals().manifestsPushed()).as("a no-op writes nothing").isZero();
        List<AccessLogEntry> atSource = source.accessLogSince(s);
        return new Counts(atSource.size(), target1.accessLogSince(a).size(), target2.accessLogSince(b).size(),
                atSource.stream().filter(e -> e.is("GET") && e.isManifestRequest()).count(), millis);
    }

    private void measure(String path, int referrerTags) throws Exception {
        SyncReport cold = new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job(path, ReferrerPolicy.ALL),
                SyncListener.NONE);
        assertThat(cold.succeeded()).isTrue();
        assertThat(cold.totals().referrersCopied()).isEqualTo(2L * referrerTags);
        Counts off = noOp(path, ReferrerPolicy.NONE);
        Counts on = noOp(path, ReferrerPolicy.ALL);
        Counts extra = on.minus(off);
        System.out.printf("[referrers-cost] %s: %d tags, %d signed; requests source/target1/target2: referrers off "
                        + "%d/%d/%d in %d ms, on %d/%d/%d in %d ms, extra %d/%d/%d; source manifest GETs on: %d%n",
                path, TAGS, referrerTags, off.source(), off.target1(), off.target2(), off.millis(), on.source(),
                on.target1(), on.target2(), on.millis(), extra.source(), extra.target1(), extra.target2(),
                on.sourceManifestGets());
        assertThat(on.sourceManifestGets()).isZero();
        // One HEAD per signature tag per registry, and at the source one referrers-API probe per sync (404 here).
        assertThat(extra.source()).isEqualTo(referrerTags + 1);
        assertThat(extra.target1()).isEqualTo(referrerTags);
        assertThat(extra.target2()).isEqualTo(referrerTags);
    }

    @Test
    void withoutSignaturesTheCheckCostsOneRequestPerSync() throws Exception {
        measure("cost/plain", 0);
    }

    @Test
    void withASignaturePerTagTheCheckCostsOneHeadPerTagPerRegistry() throws Exception {
        measure("cost/signed", TAGS);
    }
}
