package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Tag list pagination and errors against a MockWebServer. */
class TagsMockTest extends MockRegistryTestBase {
    private static final String TAGS = "/v2/team/app/tags/list";

    private RegistryClient client() {
        return client(registry.options(), Credentials.ANONYMOUS);
    }

    private static MockResponse page(String link, String... tags) {
        MockResponse response = new MockResponse()
                .setBody("{\"name\":\"team/app\",\"tags\":[\"" + String.join("\",\"", tags) + "\"]}");
        return link == null ? response : response.setHeader("Link", link);
    }

    @Test
    void followsRelativeAndAbsoluteNextLinks() {
        registry.on("GET", TAGS, request -> {
            String last = request.getRequestUrl().queryParameter("last");
            if (last == null) {
                return page("</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"", "a", "b");
            }
            if (last.equals("b")) {
                return page("<" + registry.origin() + "/v2/team/app/tags/list?n=2&last=d>; rel=\"next\"", "c", "d");
            }
            return page(null, "e");
        });

        assertThat(client().listTags(registry.repository("team/app"))).containsExactly("a", "b", "c", "d", "e");
        assertThat(registry.requests("GET", TAGS)).extracting(RecordedRequest::getPath).containsExactly(
                TAGS + "?n=" + TagLister.PAGE_SIZE, TAGS + "?n=2&last=b", TAGS + "?n=2&last=d");
    }

    @Test
    void aLinkThatPointsBackEndsTheListing() {
        registry.on("GET", TAGS, page("</v2/team/app/tags/list?n=" + TagLister.PAGE_SIZE + ">; rel=\"next\"", "a"));

        assertThat(client().listTags(registry.repository("team/app"))).containsExactly("a");
        assertThat(registry.requests("GET", TAGS)).hasSize(1);
    }

    @Test
    void nullTagsMeansNone() {
        registry.on("GET", TAGS, new MockResponse().setBody("{\"name\":\"team/app\",\"tags\":null}"));

        assertThat(client().listTags(registry.repository("team/app"))).isEmpty();
    }

    @Test
    void anUnknownRepositoryIsNameUnknown() {
        registry.on("GET", TAGS, new MockResponse().setResponseCode(404).setBody(
                "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}"));
        RegistryClient client = client();

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryErrorKind.NAME_UNKNOWN);
                    assertThat(e.getMessage()).contains("team/app").contains("repository name not known");
                });
    }

    @Test
    void badJsonIsAnInvalidResponse() {
        registry.on("GET", TAGS, new MockResponse().setBody("<html>oops</html>"));
        RegistryClient client = client();

        assertThatThrownBy(() -> client.listTags(registry.repository("team/app")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryErrorKind.INVALID_RESPONSE));
    }
}
