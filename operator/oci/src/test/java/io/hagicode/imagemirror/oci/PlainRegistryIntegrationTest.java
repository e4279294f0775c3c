package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.RegistryExtension;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against a real Distribution registry over plain HTTP (so the client runs insecure): the whole API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainRegistryIntegrationTest {
    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private DistributionRegistry registry;
    private OciRegistryClientFactory factory;
    private RegistryClient client;
    private final Skopeo skopeo = new Skopeo();
    private PushedImage ociIndex;
    private PushedImage dockerList;

    @BeforeAll
    void start() {
        registry = registries.plain();
        ociIndex = FixtureImages.pushMultiArchOciIndex(registry, "src/app", "1.0", 11);
        dockerList = FixtureImages.pushDockerManifestList(registry, "src/app", "1.0-docker", 12);
        factory = registries.closing(new OciRegistryClientFactory(ClientOptions.defaults()
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100))));
        client = factory.client(registry.hostPort(), Credentials.ANONYMOUS, true);
    }

    private Repository repo(String path) {
        return new Repository(registry.hostPort(), path);
    }

    @Test
    void listsTags() {
        assertThat(client.listTags(repo("src/app"))).containsExactlyInAnyOrder("1.0", "1.0-docker");
    }

    @Test
    void headAndGetAgreeWithWhatSkopeoPushed() {
        Optional<Descriptor> head = client.headManifest(repo("src/app"), new Tag("1.0"));
        Manifest manifest = client.getManifest(repo("src/app"), new Tag("1.0"));

        assertThat(head).isPresent();
        assertThat(head.get().digest()).hasToString(ociIndex.digest());
        assertThat(head.get().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(manifest.digest()).hasToString(ociIndex.digest());
        assertThat(manifest.bytes()).isEqualTo(ociIndex.rawManifest());
        assertThat(client.getManifest(repo("src/app"), new Tag("1.0-docker")).mediaType())
                .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        String child = ociIndex.manifests().get(0).digest();
        assertThat(client.headManifest(repo("src/app"), Digest.parse(child))).map(d -> d.digest().toString()).contains(child);
    }

    @Test
    void aHeadCostsOneRequestAndNoGet() {
        client.headManifest(repo("src/app"), new Tag("1.0")); // ping already done
        int mark = registry.accessLogMark();

        client.headManifest(repo("src/app"), new Tag("1.0"));

        List<AccessLogEntry> log = registry.accessLogSince(mark);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).is("HEAD")).isTrue();
    }

    @Test
    void copiesImagesBetweenRepositoriesWithIdenticalDigests() {
        ImageCopier copier = new ImageCopier(client, client, false);

        copier.copy(repo("src/app"), repo("dst/streamed"), "1.0");
        copier.copy(repo("src/app"), repo("dst/streamed"), "1.0-docker");

        assertThat(copier.blobsUploaded()).isPositive();
        assertThat(skopeo.inspectRawDigest(registry, "dst/streamed:1.0")).isEqualTo(ociIndex.digest());
        assertThat(skopeo.inspectRawDigest(registry, "dst/streamed:1.0-docker")).isEqualTo(dockerList.digest());
        for (String blob : ociIndex.blobDigests()) {
            assertThat(client.hasBlob(repo("dst/streamed"), Digest.parse(blob))).as(blob).isTrue();
        }
    }

    @Test
    void mountsAcrossRepositories() {
        ImageCopier copier = new ImageCopier(client, client, true);

        copier.copy(repo("src/app"), repo("dst/mounted"), "1.0");

        assertThat(copier.blobsMounted()).isEqualTo(ociIndex.blobDigests().size());
        assertThat(copier.blobsUploaded()).isZero();
        assertThat(skopeo.inspectRawDigest(registry, "dst/mounted:1.0")).isEqualTo(ociIndex.digest());
    }

    @Test
    void uploadsInChunksWhenAsked() throws Exception {
        try (OciRegistryClientFactory chunking = new OciRegistryClientFactory(
                ClientOptions.defaults().withChunkedUpload(4096, true))) {
            RegistryClient chunked = chunking.client(registry.hostPort(), Credentials.ANONYMOUS, true);
            byte[] content = TestBlobs.random(10_000, 99);
            Descriptor blob = TestBlobs.descriptor(content);
            int mark = registry.accessLogMark();

            chunked.pushBlob(repo("dst/chunked"), blob, TestBlobs.source(content));

            try (InputStream in = chunked.openBlob(repo("dst/chunked"), blob)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            assertThat(registry.accessLogSince(mark)).filteredOn(e -> e.is("PATCH")).hasSize(3);
        }
    }

    @Test
    void aMountFromAnUnknownRepositoryFallsBackToUpload() {
        byte[] content = TestBlobs.random(100, 5);
        Descriptor blob = TestBlobs.descriptor(content);

        boolean mounted = client.mountBlob(repo("dst/x"), blob.digest(), repo("nowhere/here"));

        assertThat(mounted).isFalse();
        client.pushBlob(repo("dst/x"), blob, TestBlobs.source(content));
        assertThat(client.hasBlob(repo("dst/x"), blob.digest())).isTrue();
    }

    @Test
    void pushingABlobTwiceIsFine() {
        byte[] content = TestBlobs.random(2000, 6);
        Descriptor blob = TestBlobs.descriptor(content);

        client.pushBlob(repo("dst/twice"), blob, TestBlobs.source(content));
        client.pushBlob(repo("dst/twice"), blob, TestBlobs.source(content));

        assertThat(client.hasBlob(repo("dst/twice"), blob.digest())).isTrue();
    }

    @Test
    void aCorruptSourceIsRefusedByTheClientAndNeverStored() {
        byte[] content = TestBlobs.random(3000, 8);
        byte[] corrupt = content.clone();
        corrupt[10] ^= 1;
        Descriptor blob = TestBlobs.descriptor(content);

        assertThatThrownBy(() -> client.pushBlob(repo("dst/corrupt"), blob,
                () -> new VerifyingInputStream(new java.io.ByteArrayInputStream(corrupt), blob.digest(), blob.size(),
                        "reading the source")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH));
        assertThat(client.hasBlob(repo("dst/corrupt"), blob.digest())).isFalse();
    }

    @Test
    void missingThingsHaveTheirKinds() {
        assertThat(client.headManifest(repo("src/app"), new Tag("nope"))).isEmpty();
        assertThatThrownBy(() -> client.getManifest(repo("src/app"), new Tag("nope")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.MANIFEST_UNKNOWN));
        assertThatThrownBy(() -> client.listTags(repo("no/such")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.NAME_UNKNOWN);
                    assertThat(e.getMessage()).contains(registry.hostPort() + "/no/such");
                });
        Descriptor absent = TestBlobs.descriptor(TestBlobs.random(10, 1));
        assertThat(client.hasBlob(repo("src/app"), absent.digest())).isFalse();
        assertThatThrownBy(() -> client.openBlob(repo("src/app"), absent))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.BLOB_UNKNOWN));
    }

    @Test
    void oneClientServesManyThreads() throws Exception {
        RegistryClient fresh = factory.client(registry.hostPort(), Credentials.ANONYMOUS, true);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                byte[] content = TestBlobs.random(5000 + i, 1000 + i);
                Descriptor blob = TestBlobs.descriptor(content);
                results.add(pool.submit(() -> {
                    fresh.headManifest(repo("src/app"), new Tag("1.0"));
                    fresh.pushBlob(repo("dst/parallel"), blob, TestBlobs.source(content));
                    return fresh.hasBlob(repo("dst/parallel"), blob.digest());
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutInsecureAPlainRegistryIsANetworkError() {
        RegistryClient strict = factory.client(registry.hostPort(), Credentials.ANONYMOUS, false);

        assertThatThrownBy(() -> strict.listTags(repo("src/app")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.NETWORK));
    }
}
