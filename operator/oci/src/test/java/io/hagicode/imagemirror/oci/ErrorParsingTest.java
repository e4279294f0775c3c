package io.hagicode.imagemirror.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/** OCI error documents, their mapping to kinds, and the messages built from error responses. */
class ErrorParsingTest {

    private static Response response(String method, int status, String body, String... headers) {
        Response.Builder builder = new Response.Builder()
                .request(new Request.Builder().url("https://reg.example.com/v2/x/manifests/v1")
                        .method(method, null).header("Authorization", "Bearer SECRET-TOKEN").build())
                .protocol(Protocol.HTTP_1_1).code(status).message("status")
                .body(ResponseBody.create(body, MediaType.get("application/json")));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    @Test
    void parsesEveryEntry() {
        List<OciErrors.OciError> errors = OciErrors.parse(("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"},"
                + "{\"code\":\"NAME_UNKNOWN\",\"message\":\"repo\",\"detail\":{\"name\":\"x\"}}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(errors).containsExactly(new OciErrors.OciError("DENIED", "no", ""),
                new OciErrors.OciError("NAME_UNKNOWN", "repo", "{\"name\":\"x\"}"));
    }

    @Test
    void whatIsNotAnErrorDocumentGivesNoEntries() {
        assertThat(OciErrors.parse("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(OciErrors.parse("{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(OciErrors.parse(new byte[0])).isEmpty();
    }

    @Test
    void longDetailsAreCut() {
        String detail = "d".repeat(1000);
        List<OciErrors.OciError> errors = OciErrors.parse(("{\"errors\":[{\"code\":\"X\",\"detail\":\"" + detail
                + "\"}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(errors.get(0).detail()).hasSizeLessThan(300).endsWith("...");
    }

    @Test
    void codesDecideTheKindUnlessTheStatusDecidesRetrying() {
        List<OciErrors.OciError> denied = List.of(new OciErrors.OciError("DENIED", "", ""));
        List<OciErrors.OciError> tooMany = List.of(new OciErrors.OciError("TOOMANYREQUESTS", "", ""));

        assertThat(RegistryErrors.kindFor(401, denied, RegistryErrorKind.OTHER)).isEqualTo(RegistryErrorKind.DENIED);
        assertThat(RegistryErrors.kindFor(400, tooMany, RegistryErrorKind.OTHER))
                .isEqualTo(RegistryErrorKind.TOO_MANY_REQUESTS);
        assertThat(RegistryErrors.kindFor(503, denied, RegistryErrorKind.OTHER)).isEqualTo(RegistryErrorKind.SERVER_ERROR);
        assertThat(RegistryErrors.kindFor(429, List.of(), RegistryErrorKind.OTHER))
                .isEqualTo(RegistryErrorKind.TOO_MANY_REQUESTS);
        assertThat(RegistryErrors.kindFor(401, List.of(), RegistryErrorKind.OTHER)).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
        assertThat(RegistryErrors.kindFor(403, List.of(), RegistryErrorKind.OTHER)).isEqualTo(RegistryErrorKind.DENIED);
        assertThat(RegistryErrors.kindFor(404, List.of(), RegistryErrorKind.BLOB_UNKNOWN))
                .isEqualTo(RegistryErrorKind.BLOB_UNKNOWN);
        assertThat(RegistryErrors.kindFor(404, List.of(new OciErrors.OciError("NAME_UNKNOWN", "", "")),
                RegistryErrorKind.MANIFEST_UNKNOWN)).isEqualTo(RegistryErrorKind.NAME_UNKNOWN);
        assertThat(RegistryErrors.kindFor(400, List.of(new OciErrors.OciError("DIGEST_INVALID", "", "")),
                RegistryErrorKind.OTHER)).isEqualTo(RegistryErrorKind.DIGEST_MISMATCH);
        assertThat(RegistryErrors.kindFor(418, List.of(), RegistryErrorKind.OTHER)).isEqualTo(RegistryErrorKind.OTHER);
    }

    @Test
    void theMessageNamesTheOperationAndQuotesTheRegistryButNoHeader() {
        RegistryException e = RegistryErrors.fromResponse(response("GET", 401,
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}",
                "WWW-Authenticate", "Bearer realm=\"x\""), "pulling manifest reg.example.com/x:v1", RegistryErrorKind.OTHER);

        assertThat(e.kind()).isEqualTo(RegistryErrorKind.UNAUTHORIZED);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo("pulling manifest reg.example.com/x:v1 failed: registry answered HTTP 401: "
                + "UNAUTHORIZED authentication required");
        assertThat(e.getMessage()).doesNotContain("SECRET-TOKEN");
    }

    @Test
    void aShortPlainTextBodyIsQuotedAndHtmlIsNot() {
        RegistryException text = RegistryErrors.fromResponse(response("GET", 400, "upload invalid"), "op",
                RegistryErrorKind.OTHER);
        RegistryException html = RegistryErrors.fromResponse(response("GET", 502, "<html><body>Bad Gateway</body></html>"),
                "op", RegistryErrorKind.OTHER);

        assertThat(text.getMessage()).isEqualTo("op failed: registry answered HTTP 400: upload invalid");
        assertThat(html.getMessage()).isEqualTo("op failed: registry answered HTTP 502");
        assertThat(html.kind()).isEqualTo(RegistryErrorKind.SERVER_ERROR);
        assertThat(html.isRetryable()).isTrue();
    }

    @Test
    void keepsTheRetryAfterOfTheResponse() {
        RegistryException e = RegistryErrors.fromResponse(response("GET", 429, "", "Retry-After", "7"), "op",
                RegistryErrorKind.OTHER);

        assertThat(e).isInstanceOfSatisfying(ResponseException.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @Test
    void readsAtMostTheErrorLimit() {
        String huge = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + "m".repeat(200_000) + "\"}]}";

        RegistryException e = RegistryErrors.fromResponse(response("GET", 403, huge), "op", RegistryErrorKind.OTHER);

        assertThat(e.kind()).isEqualTo(RegistryErrorKind.DENIED); // truncated JSON falls back to the status
        assertThat(e.getMessage().length()).isLessThan(BoundedBody.ERROR_LIMIT);
    }
}
