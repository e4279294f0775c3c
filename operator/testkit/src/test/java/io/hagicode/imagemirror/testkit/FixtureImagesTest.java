package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FixtureImagesTest {
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    @RegisterExtension
    static final RegistryExtension registries = new RegistryExtension();
    private static DistributionRegistry registry;
    private final Skopeo skopeo = new Skopeo();

    @BeforeAll
    static void start() {
        registry = registries.plain();
    }

    @Test
    void multiArchOciIndexSharesItsBaseLayerAcrossPlatforms() {
        PushedImage index = FixtureImages.pushMultiArchOciIndex(registry, "fx/oci", "1", 100,
                "linux/amd64", "linux/arm64/v8", "linux/arm/v7");

        assertThat(index.mediaType()).isEqualTo(OCI_INDEX);
        assertThat(index.isIndex()).isTrue();
        assertThat(index.platforms()).containsExactly("linux/amd64", "linux/arm64/v8", "linux/arm/v7");
        assertThat(index.manifests()).allSatisfy(m -> {
            assertThat(m.mediaType()).isEqualTo(OCI_MANIFEST);
            assertThat(m.layerDigests()).hasSize(2);
            assertThat(m.layerDigests().get(0)).isEqualTo(index.manifests().get(0).layerDigests().get(0));
        });
        assertThat(index.manifests().get(0).layerDigests().get(1))
                .isNotEqualTo(index.manifests().get(1).layerDigests().get(1));
        assertThat(index.blobDigests()).hasSize(1 + 3 + 3); // shared base, 3 tops, 3 configs
        assertThat(skopeo.inspectRawDigest(registry, "fx/oci:1")).isEqualTo(index.digest());
        assertThat(skopeo.inspectRawDigest(registry, "fx/oci@" + index.manifests().get(2).digest()))
                .isEqualTo(index.manifests().get(2).digest());
    }

    @Test
    void dockerFormatsAreConvertedBySkopeo() {
        PushedImage list = FixtureImages.pushDockerManifestList(registry, "fx/docker", "list", 200);
        PushedImage single = FixtureImages.pushDockerImage(registry, "fx/docker", "single", 200);

        assertThat(list.mediaType()).isEqualTo(DOCKER_LIST);
        assertThat(list.platforms()).containsExactlyElementsOf(FixtureImages.DEFAULT_PLATFORMS);
        assertThat(list.manifests()).allSatisfy(m -> assertThat(m.mediaType()).isEqualTo(DOCKER_MANIFEST));
        assertThat(single.mediaType()).isEqualTo(DOCKER_MANIFEST);
        assertThat(single.isIndex()).isFalse();
        assertThat(single.digest()).isEqualTo(list.manifests().get(0).digest());
        assertThat(skopeo.inspectRawDigest(registry, "fx/docker:list")).isEqualTo(list.digest());
    }

    @Test
    void theSameSeedGivesTheSameDigestsAndOciBytesArePushedUnchanged(@TempDir Path dir) {
        PushedImage a = FixtureImages.pushOciImage(registry, "fx/seed-a", "v", 300);
        PushedImage b = FixtureImages.pushOciImage(registry, "fx/seed-b", "v", 300);
        PushedImage c = FixtureImages.pushOciImage(registry, "fx/seed-b", "other", 301);

        LayoutDescriptor local = new OciLayoutWriter(dir).writeImage(ImageSpec.seeded("linux/amd64", 300));
        assertThat(a.mediaType()).isEqualTo(OCI_MANIFEST);
        assertThat(b.digest()).isEqualTo(a.digest()).isEqualTo(local.digest());
        assertThat(c.digest()).isNotEqualTo(a.digest());
    }

    @Test
    void copyTagPointsASecondTagAtTheSameDigest() {
        PushedImage original = FixtureImages.pushMultiArchOciIndex(registry, "fx/copy", "a", 400);
        int mark = registry.accessLogMark();

        PushedImage copy = FixtureImages.copyTag(registry, "fx/copy", "a", "b");

        assertThat(copy.digest()).isEqualTo(original.digest());
        assertThat(skopeo.inspectRawDigest(registry, "fx/copy:b")).isEqualTo(original.digest());
        assertThat(registry.accessLogSince(mark)).filteredOn(e -> e.is("PUT")).hasSize(1);
    }

    @Test
    void manyTagsShareAFewManifests() {
        PushedRepository repo = FixtureImages.pushManyTags(registry, "fx/many", 60, 4, 500);

        assertThat(repo.tags()).hasSize(60).startsWith("tag-0000", "tag-0001").endsWith("tag-0059");
        assertThat(repo.distinctManifestDigests()).hasSize(4);
        assertThat(skopeo.listTags(registry, "fx/many")).hasSize(60).containsAll(repo.tags());
        assertThat(skopeo.inspectRawDigest(registry, "fx/many:tag-0000")).isEqualTo(repo.tagDigests().get("tag-0000"));
        assertThat(skopeo.inspectRawDigest(registry, "fx/many:tag-0037")).isEqualTo(repo.tagDigests().get("tag-0037"));
        assertThat(repo.tagDigests().get("tag-0037")).isEqualTo(repo.tagDigests().get("tag-0001"));
        assertThat(repo.blobDigests()).hasSize(3);
    }

    @Test
    void manyTagsViaTheApiPutsEveryTag() {
        int mark = registry.accessLogMark();

        PushedRepository repo = new ManyTags(registry, "fx/api", 600).viaRegistryApi()
                .push(12, 3, i -> "1.0." + i);

        assertThat(registry.accessLogSince(mark)).filteredOn(e -> e.is("PUT") && e.isManifestRequest())
                .hasSize(12);
        assertThat(skopeo.listTags(registry, "fx/api")).containsExactlyInAnyOrderElementsOf(repo.tags());
        assertThat(skopeo.inspectRawDigest(registry, "fx/api:1.0.11")).isEqualTo(repo.tagDigests().get("1.0.2"));
    }
}
