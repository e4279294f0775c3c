package io.hagicode.imagemirror.sync.referrers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.hagicode.imagemirror.oci.Tag;
import io.hagicode.imagemirror.sync.DefaultSyncEngine;
import io.hagicode.imagemirror.sync.Endpoint;
import io.hagicode.imagemirror.sync.MirrorJob;
import io.hagicode.imagemirror.sync.ReferrerOutcome;
import io.hagicode.imagemirror.sync.ReferrerPolicy;
import io.hagicode.imagemirror.sync.SyncListener;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.TagFilter;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TransferLimits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The referrers API path: a source that lists referrers by the API (paginated), a target with the API (which indexes
 * what it is sent and answers OCI-Subject) and a target without it (which gets the fallback tag index, merged).
 */
class ReferrersApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SBOM = "application/spdx+json";

    private ApiRegistry source;
    private ApiRegistry withApi;
    private ApiRegistry withoutApi;
    private OciRegistryClientFactory factory;
    private RegistryClient sourceClient;
    private Repository sourceRepo;

    @BeforeEach
    void start() throws Exception {
        source = new ApiRegistry(true);
        withApi = new ApiRegistry(true);
        withoutApi = new ApiRegistry(false);
        factory = new OciRegistryClientFactory(ClientOptions.defaults());
        sourceClient = factory.client(source.hostPort(), Credentials.ANONYMOUS, true);
        sourceRepo = new Repository(source.hostPort(), "team/app");
    }

    @AfterEach
    void stop() throws Exception {
        factory.close();
        source.close();
        withApi.close();
        withoutApi.close();
    }

    private record Pushed(Descriptor image, Manifest signature, Manifest sbom) {
    }

    /** An image tagged 1.0 with a signature and an SBOM that refer to it, pushed by digest only. */
    private Pushed signedImage() {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Descriptor c = blob("application/vnd.oci.image.config.v1+json", config);
        Descriptor l = blob("application/vnd.oci.image.layer.v1.tar", layer);
        Manifest image = Manifest.of(MediaTypes.OCI_MANIFEST, ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"config\":" + json(c) + ",\"layers\":[" + json(l) + "]}")
                .getBytes(StandardCharsets.UTF_8));
        sourceClient.putManifest(sourceRepo, new Tag("1.0"), image);
        Manifest sig = CosignArtifacts.signature(sourceClient, sourceRepo, image.descriptor(), "api", true);
        sourceClient.putManifest(sourceRepo, sig.digest(), sig);
        Descriptor sbomBlob = blob(SBOM, "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
        Descriptor empty = blob("application/vnd.oci.empty.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        Manifest sbom = Manifest.of(MediaTypes.OCI_MANIFEST, ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"" + SBOM + "\",\"config\":" + json(empty)
                + ",\"layers\":[" + json(sbomBlob) + "],\"subject\":" + json(image.descriptor()) + "}")
                .getBytes(StandardCharsets.UTF_8));
        sourceClient.putManifest(sourceRepo, sbom.digest(), sbom);
        return new Pushed(image.descriptor(), sig, sbom);
    }

    private Descriptor blob(String mediaType, byte[] bytes) {
        Descriptor d = new Descriptor(mediaType, Digest.sha256(bytes), bytes.length);
        sourceClient.pushBlob(sourceRepo, d, () -> new ByteArrayInputStream(bytes));
        return d;
    }

    private static String json(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    private MirrorJob job(ReferrerPolicy policy) {
        Endpoint src = new Endpoint(sourceRepo, Credentials.ANONYMOUS, true);
        List<Endpoint> targets = List.of(
                new Endpoint(new Repository(withApi.hostPort(), "mirror/app"), Credentials.ANONYMOUS, true),
                new Endpoint(new Repository(withoutApi.hostPort(), "mirror/app"), Credentials.ANONYMOUS, true));
        return new MirrorJob("api/referrers", src, targets, TagFilter.ALL, List.of(), 4, 0, Map.of(), List.of(),
                policy);
    }

    private SyncReport sync(MirrorJob job) throws InterruptedException {
        return new DefaultSyncEngine(factory, TransferLimits.defaults()).sync(job, SyncListener.NONE);
    }

    private static List<String> entries(byte[] index) throws Exception {
        List<String> digests = new ArrayList<>();
        for (JsonNode e : JSON.readTree(index).path("manifests")) {
            digests.add(e.path("digest").asText());
        }
        return digests;
    }

    @Test
    void referrersListedByTheApiReachATargetWithTheApiByDigestAndOneWithoutItByTheFallbackTag() throws Exception {
        Pushed p = signedImage();

        SyncReport report = sync(job(ReferrerPolicy.ALL));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        String fallback = ReferrerTags.fallback(p.image().digest()).name();
        String referrersPath = "/v2/team/app/referrers/" + p.image().digest();
        assertThat(source.requestLinesSince(0)).as("both pages of the source's list were read")
                .contains("GET " + referrersPath, "GET " + referrersPath + "?page=1");
        // The target with the API indexed both on their PUT (it answered OCI-Subject): no fallback tag there.
        assertThat(withApi.manifest(p.signature().digest().toString())).isEqualTo(p.signature().bytes());
        assertThat(withApi.manifest(p.sbom().digest().toString())).isEqualTo(p.sbom().bytes());
        assertThat(withApi.hasTag(fallback)).isFalse();
        assertThat(withoutApi.manifest(p.signature().digest().toString())).isEqualTo(p.signature().bytes());
        assertThat(entries(withoutApi.manifest(fallback)))
                .containsExactlyInAnyOrder(p.signature().digest().toString(), p.sbom().digest().toString());
        assertThat(report.targets().get(0).referrers()).extracting(ReferrerOutcome::name)
                .containsExactlyInAnyOrder(p.signature().digest().toString(), p.sbom().digest().toString());
        assertThat(report.targets().get(1).referrers()).extracting(ReferrerOutcome::name).containsExactlyInAnyOrder(
                p.signature().digest().toString(), p.sbom().digest().toString(), fallback);
        assertThat(report.totals().referrersCopied()).isEqualTo(5);
        assertThat(report.selectedTags()).containsExactly("1.0");
    }

    @Test
    void aDryRunPlansWhatTheApiListsPerTargetWritesNothingAndTheSyncCopiesExactlyThat() throws Exception {
        Pushed p = signedImage();
        String fallback = ReferrerTags.fallback(p.image().digest()).name();

        SyncReport plan = new DefaultSyncEngine(factory, TransferLimits.defaults()).plan(job(ReferrerPolicy.ALL));

        assertThat(plan.succeeded()).as(String.valueOf(plan)).isTrue();
        for (ApiRegistry target : List.of(withApi, withoutApi)) {
            assertThat(target.requestLinesSince(0)).as("a dry run only reads")
                    .allMatch(line -> line.startsWith("GET ") || line.startsWith("HEAD "));
        }
        // The target with the API would index both itself; the one without gets the fallback index as well.
        assertThat(plan.targets().get(0).referrers()).extracting(ReferrerOutcome::name)
                .containsExactlyInAnyOrder(p.signature().digest().toString(), p.sbom().digest().toString());
        assertThat(plan.targets().get(1).referrers()).extracting(ReferrerOutcome::name).containsExactlyInAnyOrder(
                p.signature().digest().toString(), p.sbom().digest().toString(), fallback);
        assertThat(plan.targets()).allSatisfy(t -> assertThat(t.referrers()).extracting(ReferrerOutcome::state)
                .containsOnly(TagState.PLANNED));
        assertThat(plan.targets().get(0).referrers()).filteredOn(r -> r.name().equals(p.sbom().digest().toString()))
                .singleElement().satisfies(r -> {
                    assertThat(r.artifactType()).isEqualTo(SBOM);
                    assertThat(r.reason()).isEqualTo("not among the target's referrers");
                });
        assertThat(plan.totals().referrersPlanned()).isEqualTo(5);

        SyncReport report = sync(job(ReferrerPolicy.ALL));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        for (int i = 0; i < 2; i++) {
            assertThat(report.targets().get(i).referrers())
                    .extracting(ReferrerOutcome::name, ReferrerOutcome::digest, ReferrerOutcome::artifactType,
                            ReferrerOutcome::reason)
                    .containsExactlyInAnyOrderElementsOf(plan.targets().get(i).referrers().stream()
                            .map(r -> tuple(r.name(), r.digest(), r.artifactType(),
                                    r.reason()))
                            .toList());
        }
    }

    @Test
    void theArtifactTypeFilterGoesToTheSourceAndOnlyThatTypeTravels() throws Exception {
        Pushed p = signedImage();

        SyncReport report = sync(job(ReferrerPolicy.types(List.of(SBOM))));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        List<RecordedRequest> listed = source.requests().stream()
                .filter(r -> r.getPath().startsWith("/v2/team/app/referrers/")).toList();
        assertThat(listed).isNotEmpty().allSatisfy(r ->
                assertThat(r.getRequestUrl().queryParameter("artifactType")).isEqualTo(SBOM));
        assertThat(withApi.manifest(p.sbom().digest().toString())).isNotNull();
        assertThat(withApi.manifest(p.signature().digest().toString())).isNull();
        assertThat(entries(withoutApi.manifest(ReferrerTags.fallback(p.image().digest()).name())))
                .containsExactly(p.sbom().digest().toString());
    }

    @Test
    void theFallbackIndexOnATargetIsMergedWithWhatIsAlreadyThere() throws Exception {
        Pushed p = signedImage();
        assertThat(sync(job(ReferrerPolicy.ALL)).succeeded()).isTrue();
        // Someone else adds an entry of their own to the target's fallback index, and the source gets a new referrer.
        String fallback = ReferrerTags.fallback(p.image().digest()).name();
        RegistryClient targetClient = factory.client(withoutApi.hostPort(), Credentials.ANONYMOUS, true);
        Repository targetRepo = new Repository(withoutApi.hostPort(), "mirror/app");
        Manifest theirs = Manifest.of(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2,\"theirs\":1}"
                .getBytes(StandardCharsets.UTF_8));
        targetClient.putManifest(targetRepo, theirs.digest(), theirs);
        String merged = new String(withoutApi.manifest(fallback), StandardCharsets.UTF_8).replace("\"manifests\":[",
                "\"manifests\":[" + json(theirs.descriptor()) + ",");
        targetClient.putManifest(targetRepo, new Tag(fallback), Manifest.of(MediaTypes.OCI_INDEX,
                merged.getBytes(StandardCharsets.UTF_8)));
        Manifest later = CosignArtifacts.signature(sourceClient, sourceRepo, p.image(), "later", true);
        sourceClient.putManifest(sourceRepo, later.digest(), later);

        SyncReport report = sync(job(ReferrerPolicy.ALL));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(entries(withoutApi.manifest(fallback))).containsExactlyInAnyOrder(theirs.digest().toString(),
                p.signature().digest().toString(), p.sbom().digest().toString(), later.digest().toString());
        assertThat(report.targets().get(1).referrers()).filteredOn(r -> r.state() == TagState.COPIED)
                .extracting(ReferrerOutcome::name).containsExactlyInAnyOrder(later.digest().toString(), fallback);
    }

    @Test
    void aNoOpAsksEachRegistryOnceForTheReferrersAndGetsNoManifestAtTheSource() throws Exception {
        signedImage();
        assertThat(sync(job(ReferrerPolicy.types(List.of(SBOM)))).succeeded()).isTrue();
        int s = source.mark();
        int a = withApi.mark();
        int b = withoutApi.mark();

        SyncReport report = sync(job(ReferrerPolicy.types(List.of(SBOM))));

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.totals().referrersCopied()).isZero();
        // Two subjects at the source: the image, and its SBOM (whose own referrers are looked for too). A target is asked
        // only about a subject with referrers at the source: once; the target without the API answered a 404 to the
        // first referrers call of the sync, then its fallback tag is read.
        List<String> atSource = source.requestLinesSince(s);
        assertThat(atSource).noneMatch(r -> r.startsWith("GET") && r.contains("/manifests/"));
        assertThat(atSource.stream().filter(r -> r.contains("/referrers/"))).as(String.valueOf(atSource)).hasSize(2);
        List<String> atApiTarget = withApi.requestLinesSince(a);
        assertThat(atApiTarget.stream().filter(r -> r.contains("/referrers/"))).as(String.valueOf(atApiTarget))
                .hasSize(1);
        List<String> atFallbackTarget = withoutApi.requestLinesSince(b);
        assertThat(atFallbackTarget.stream().filter(r -> r.contains("/referrers/"))).hasSize(1);
        assertThat(atFallbackTarget.stream().filter(r -> r.contains("/manifests/sha256-")))
                .as(String.valueOf(atFallbackTarget)).hasSize(1);
        assertThat(atFallbackTarget).noneMatch(r -> r.startsWith("PUT"));
    }
}
