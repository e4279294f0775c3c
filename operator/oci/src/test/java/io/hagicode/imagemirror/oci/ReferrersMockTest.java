package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The OCI 1.1 referrers API and the OCI-Subject answer to a manifest PUT, against a MockWebServer. */
class ReferrersMockTest extends MockRegistryTestBase {
    private static final Digest SUBJECT = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
    private static final String PATH = "/v2/team/app/referrers/" + SUBJECT;
    private static final String SIG = "application/vnd.dev.cosign.simplesigning.v1+json";
    private static final String SBOM = "application/spdx+json";
    private static final Digest R1 = Digest.sha256("r1".getBytes(StandardCharsets.UTF_8));
    private static final Digest R2 = Digest.sha256("r2".getBytes(StandardCharsets.UTF_8));
    private static final Digest R3 = Digest.sha256("r3".getBytes(StandardCharsets.UTF_8));

    private RegistryClient client() {
        return client(registry.options(), Credentials.ANONYMOUS);
    }

    private static String entry(Digest digest, String artifactType) {
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":123,"
                + "\"artifactType\":\"" + artifactType + "\"}";
    }

    private static MockResponse index(String... entries) {
        return new MockResponse().setHeader("Content-Type", MediaTypes.OCI_INDEX)
                .setBody("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                        + String.join(",", entries) + "]}");
    }

    @Test
    void followsLinkPaginationAcrossPages() {
        registry.on("GET", PATH, request -> {
            String page = request.getRequestUrl().queryParameter("page");
            if (page == null) {
                return index(entry(R1, SIG)).setHeader("Link", "<" + PATH + "?page=2>; rel=\"next\"");
            }
            if (page.equals("2")) {
                return index(entry(R2, SBOM)).setHeader("Link",
                        "<" + registry.origin() + PATH + "?page=3>; rel=\"next\"");
            }
            return index(entry(R3, SIG));
        });

        assertThat(client().listReferrers(registry.repository("team/app"), SUBJECT, null)).get().asList()
                .extracting("digest").containsExactly(R1, R2, R3);
        assertThat(registry.requests("GET", PATH)).extracting(RecordedRequest::getPath)
                .containsExactly(PATH, PATH + "?page=2", PATH + "?page=3");
        assertThat(registry.requests("GET", PATH).get(0).getHeader("Accept")).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void sendsTheArtifactTypeFilterAndTrustsItWhenTheRegistrySaysItApplied() {
        registry.on("GET", PATH, index(entry(R1, SIG)).setHeader("OCI-Filters-Applied", "artifactType"));

        assertThat(client().listReferrers(registry.repository("team/app"), SUBJECT, SIG)).get().asList()
                .extracting("artifactType").containsExactly(SIG);
        assertThat(registry.requests("GET", PATH).get(0).getRequestUrl().queryParameter("artifactType"))
                .isEqualTo(SIG);
    }

    @Test
    void filtersItselfWhenTheRegistryIgnoredTheArtifactTypeFilter() {
        registry.on("GET", PATH, index(entry(R1, SIG), entry(R2, SBOM), entry(R3, SIG)));

        assertThat(client().listReferrers(registry.repository("team/app"), SUBJECT, SBOM)).get().asList()
                .extracting("digest").containsExactly(R2);
    }

    @Test
    void aNotFoundAnswerMeansTheRegistryHasNoReferrersApi() {
        // What Distribution 2.8 answers: its router knows no such route.
        registry.on("GET", PATH, new MockResponse().setResponseCode(404).setHeader("Content-Type", "text/plain")
                .setBody("404 page not found\n"));

        assertThat(client().listReferrers(registry.repository("team/app"), SUBJECT, null)).isEmpty();
    }

    @Test
    void anEmptyListIsAnApiWithNoReferrers() {
        registry.on("GET", PATH, index());

        assertThat(client().listReferrers(registry.repository("team/app"), SUBJECT, null)).get().asList().isEmpty();
    }

    @Test
    void aMalformedListIsAnInvalidResponse() {
        registry.on("GET", PATH, new MockResponse().setBody("{\"manifests\":{}}"));

        assertThatThrownBy(() -> client().listReferrers(registry.repository("team/app"), SUBJECT, null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("'manifests' is not an array");
    }

    @Test
    void putReferrerReportsWhetherTheRegistryAnsweredOciSubject() {
        Manifest withSubject = Manifest.of(MediaTypes.OCI_MANIFEST, ("{\"schemaVersion\":2,\"subject\":{\"digest\":\""
                + SUBJECT + "\"}}").getBytes(StandardCharsets.UTF_8));
        String manifests = "/v2/team/app/manifests/" + withSubject.digest();
        registry.on("PUT", manifests, new MockResponse().setResponseCode(201)
                        .setHeader("Docker-Content-Digest", withSubject.digest().toString())
                        .setHeader("OCI-Subject", SUBJECT.toString()),
                new MockResponse().setResponseCode(201));
        RegistryClient client = client();

        assertThat(client.putReferrer(registry.repository("team/app"), withSubject.digest(), withSubject)).isTrue();
        assertThat(client.putReferrer(registry.repository("team/app"), withSubject.digest(), withSubject)).isFalse();
    }

    @Test
    void fallbackAndCosignTagsAreNamedAfterTheSubject() {
        assertThat(ReferrerTags.fallback(SUBJECT).name()).isEqualTo("sha256-" + SUBJECT.hex());
        assertThat(ReferrerTags.cosign(SUBJECT, ReferrerTags.Cosign.SIG).name()).isEqualTo("sha256-" + SUBJECT.hex()
                + ".sig");
        assertThat(ReferrerTags.isReferrerTag("sha256-" + SUBJECT.hex() + ".att")).isTrue();
        assertThat(ReferrerTags.isReferrerTag("sha256-" + SUBJECT.hex())).isTrue();
        assertThat(ReferrerTags.isReferrerTag("sha256-abc.sig")).isFalse();
        assertThat(ReferrerTags.isReferrerTag("1.0")).isFalse();
        assertThat(ReferrerTags.cosignKind("sha256-" + SUBJECT.hex() + ".sbom")).contains(ReferrerTags.Cosign.SBOM);
    }
}
