package io.hagicode.imagemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hagicode.imagemirror.oci.ClientOptions;
import io.hagicode.imagemirror.oci.Credentials;
import io.hagicode.imagemirror.oci.OciRegistryClientFactory;
import io.hagicode.imagemirror.oci.Platform;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.testkit.AccessLogEntry;
import io.hagicode.imagemirror.testkit.CopyOption;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.FixtureImages;
import io.hagicode.imagemirror.testkit.OciLayoutImage;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with the real OCI client against real Distribution registries: a plain source, a plain target and a
 * TLS + htpasswd target, started once for the class. Each test stands alone: it syncs into target repositories of its
 * own, with an engine of its own (so no blob location learned by another test turns its uploads into mounts), and the
 * test that moves tags does so in a source repository of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrySyncIntegrationTest {
    private static final String PASSWORD = "s3cret-Pa55";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Skopeo skopeo = new Skopeo();
    private DistributionRegistry source;
    private DistributionRegistry plainTarget;
    private DistributionRegistry tlsTarget;
    private OciRegistryClientFactory factory;
    private final Map<String, PushedImage> fixtures = new TreeMap<>();

    @BeforeAll
    void start() {
        Skopeo.assumeInstalled();
        source = DistributionRegistry.plain();
        plainTarget = DistributionRegistry.plain();
        tlsTarget = DistributionRegistry.tlsWithHtpasswd("alice", PASSWORD);
        fixtures.put("1.0", FixtureImages.pushMultiArchOciIndex(source, "team/app", "1.0", 1));
        fixtures.put("1.0-docker", FixtureImages.pushDockerManifestList(source, "team/app", "1.0-docker", 1));
        fixtures.put("single", FixtureImages.pushDockerImage(source, "team/app", "single", 2));
        fixtures.put("2.0", FixtureImages.pushMultiArchOciIndex(source, "team/app", "2.0", 3, "linux/amd64",
                "linux/arm/v7"));
        fixtures.put("latest", FixtureImages.copyTag(source, "team/app", "1.0", "latest"));
        factory = new OciRegistryClientFactory(ClientOptions.defaults()
                .withExtraCaFiles(List.of(tlsTarget.caCertificate())));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {factory, source, plainTarget, tlsTarget}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }

    private DefaultSyncEngine engine() {
        return new DefaultSyncEngine(factory, TransferLimits.defaults());
    }

    /** From {@code sourcePath} to {@code targetPath} on both targets. */
    private MirrorJob job(String sourcePath, List<Platform> platforms, String targetPath) {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), sourcePath), Credentials.ANONYMOUS, true);
        Endpoint plain = new Endpoint(new Repository(plainTarget.hostPort(), targetPath), Credentials.ANONYMOUS, true);
        Endpoint tls = new Endpoint(new Repository(tlsTarget.hostPort(), targetPath),
                Credentials.basic("alice", PASSWORD), false);
        return new MirrorJob("it/mirror", src, List.of(plain, tls), TagFilter.ALL, platforms, 4, 1);
    }

    /** From team/app to {@code targetPath} on both targets. */
    private MirrorJob job(String targetPath) {
        return job("team/app", List.of(), targetPath);
    }

    @Test
    void aDryRunPlansEveryTagAndWritesNothing() throws Exception {
        int mark = plainTarget.accessLogMark();

        SyncReport plan = engine().plan(job("planned/app"));

        assertThat(plan.targets()).allSatisfy(t -> assertThat(t.tags()).extracting(TagOutcome::state)
                .containsOnly(TagState.PLANNED).hasSize(fixtures.size()));
        assertThat(plainTarget.accessLogSince(mark)).noneMatch(e -> !e.is("HEAD") && !e.is("GET"));
    }

    @Test
    void aColdSyncCopiesEveryTagToBothTargetsReadingTheSourceOnce() throws Exception {
        int mark = source.accessLogMark();

        SyncReport report = engine().sync(job("cold/app"), SyncListener.NONE);

        assertThat(report.succeeded()).as(String.valueOf(report)).isTrue();
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.tags()).extracting(TagOutcome::state)
                .containsOnly(TagState.COPIED).hasSize(fixtures.size()));
        for (String tag : fixtures.keySet()) {
            String digest = skopeo.inspectRawDigest(source, "team/app:" + tag);
            assertThat(digest).isEqualTo(fixtures.get(tag).digest());
            assertThat(skopeo.inspectRawDigest(plainTarget, "cold/app:" + tag)).as(tag).isEqualTo(digest);
            assertThat(skopeo.inspectRawDigest(tlsTarget, "cold/app:" + tag)).as(tag).isEqualTo(digest);
        }
        Set<String> blobs = new LinkedHashSet<>();
        fixtures.values().forEach(f -> blobs.addAll(f.blobDigests()));
        List<AccessLogEntry> phase = source.accessLogSince(mark);
        assertThat(phase.stream().filter(e -> e.is("GET") && e.isBlobRequest()).count()).isEqualTo(blobs.size());
        assertThat(report.totals().blobsCopied()).isEqualTo(2L * blobs.size());
        assertThat(report.totals().bytesCopied()).isEqualTo(2 * report.totals().sourceBytesRead());
    }

    @Test
    void everyTargetServesCompleteImagesToSkopeo(@TempDir Path dir) throws Exception {
        assertThat(engine().sync(job("served/app"), SyncListener.NONE).succeeded()).isTrue();

        for (DistributionRegistry target : List.of(plainTarget, tlsTarget)) {
            for (String tag : List.of("1.0", "1.0-docker", "single", "2.0")) {
                Path layout = Files.createDirectories(dir.resolve(target.port() + "-" + tag));
                skopeo.copy(target.image("served/app:" + tag), new OciLayoutImage(layout, tag), CopyOption.ALL);
                assertThat(layout.resolve("index.json")).exists();
            }
        }
    }

    @Test
    void aSecondSyncCopiesNothingAndGetsNoManifestFromTheSource() throws Exception {
        DefaultSyncEngine engine = engine();
        assertThat(engine.sync(job("noop/app"), SyncListener.NONE).succeeded()).isTrue();
        int mark = source.accessLogMark();

        SyncReport report = engine.sync(job("noop/app"), SyncListener.NONE);

        assertThat(report.targets()).allSatisfy(t -> assertThat(t.tags()).extracting(TagOutcome::state)
                .containsOnly(TagState.UP_TO_DATE));
        List<AccessLogEntry> phase = source.accessLogSince(mark);
        assertThat(phase).filteredOn(e -> e.is("GET") && e.isManifestRequest()).isEmpty();
        assertThat(phase).filteredOn(AccessLogEntry::isBlobRequest).isEmpty();
        assertThat(phase).filteredOn(e -> e.is("HEAD") && e.isManifestRequest()).hasSize(fixtures.size());
        assertThat(report.totals().manifestsPushed()).isZero();
    }

    @Test
    void aNewTagAndAMovedTagAreExactlyWhatTheNextSyncCopies() throws Exception {
        Map<String, PushedImage> moving = new TreeMap<>();
        moving.put("1.0", FixtureImages.pushOciImage(source, "team/moving", "1.0", 5));
        moving.put("2.0", FixtureImages.pushDockerImage(source, "team/moving", "2.0", 6));
        moving.put("latest", FixtureImages.copyTag(source, "team/moving", "1.0", "latest"));
        MirrorJob job = job("team/moving", List.of(), "moving/app");
        DefaultSyncEngine engine = engine();
        assertThat(engine.sync(job, SyncListener.NONE).succeeded()).isTrue();
        moving.put("3.0", FixtureImages.pushOciImage(source, "team/moving", "3.0", 4));
        moving.put("latest", FixtureImages.copyTag(source, "team/moving", "2.0", "latest"));

        SyncReport report = engine.sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        for (TargetReport target : report.targets()) {
            assertThat(target.tags()).filteredOn(t -> t.state() == TagState.COPIED).extracting(TagOutcome::tag)
                    .containsExactlyInAnyOrder("3.0", "latest");
            assertThat(target.count(TagState.UP_TO_DATE)).isEqualTo(moving.size() - 2);
        }
        assertThat(skopeo.inspectRawDigest(tlsTarget, "moving/app:latest")).isEqualTo(moving.get("2.0").digest());
        assertThat(skopeo.inspectRawDigest(plainTarget, "moving/app:3.0")).isEqualTo(moving.get("3.0").digest());
    }

    @Test
    void aPlatformFilterPushesAnAnnotatedSubsetAndIsCurrentNextTimeWithoutSourceGets(@TempDir Path dir)
            throws Exception {
        MirrorJob filtered = job("team/app", List.of(Platform.parse("linux/amd64")), "amd64/app");
        DefaultSyncEngine engine = engine();

        SyncReport first = engine.sync(filtered, SyncListener.NONE);

        assertThat(first.succeeded()).as(String.valueOf(first)).isTrue();
        JsonNode index = JSON.readTree(skopeo.inspectRaw(tlsTarget.image("amd64/app:1.0")));
        assertThat(index.get("manifests")).hasSize(1);
        assertThat(index.at("/manifests/0/platform/architecture").asText()).isEqualTo("amd64");
        assertThat(index.at("/annotations/io.hagicode.imagemirror.source-digest").asText())
                .isEqualTo(fixtures.get("1.0").digest());
        assertThat(skopeo.inspectRawDigest(plainTarget, "amd64/app:single")).isEqualTo(fixtures.get("single").digest());
        skopeo.copy(plainTarget.image("amd64/app:1.0-docker"), new OciLayoutImage(dir, "d"), CopyOption.ALL);

        int mark = source.accessLogMark();
        SyncReport second = engine.sync(filtered, SyncListener.NONE);

        assertThat(second.targets()).allSatisfy(t -> assertThat(t.tags()).extracting(TagOutcome::state)
                .containsOnly(TagState.UP_TO_DATE));
        assertThat(source.accessLogSince(mark)).filteredOn(e -> e.is("GET") && e.isManifestRequest()).isEmpty();
    }

    @Test
    void aTargetInTheSourceRegistryGetsMountsNotUploads() throws Exception {
        Endpoint src = new Endpoint(new Repository(source.hostPort(), "team/app"), Credentials.ANONYMOUS, true);
        Endpoint sameRegistry = new Endpoint(new Repository(source.hostPort(), "backup/app"), Credentials.ANONYMOUS, true);
        MirrorJob job = new MirrorJob("it/backup", src, List.of(sameRegistry), TagFilter.ALL, List.of(), 4, 0);

        SyncReport report = engine().sync(job, SyncListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.totals().blobsMounted()).isPositive();
        assertThat(report.totals().blobsCopied()).isZero();
        assertThat(skopeo.inspectRawDigest(source, "backup/app:1.0")).isEqualTo(fixtures.get("1.0").digest());
    }
}
