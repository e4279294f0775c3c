package io.hagicode.imagemirror.testkit;

/**
 * One request as the registry itself logged it.
 *
 * @param method HTTP method, e.g. {@code GET}, {@code HEAD}
 * @param uri    request URI as sent, path plus query string (e.g. {@code /v2/app/tags/list?n=100})
 * @param status HTTP status the registry answered
 */
public record AccessLogEntry(String method, String uri, int status) {

    /** The URI without its query string. */
    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The query string without '?', or "" when there is none. */
    public String query() {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }

    public boolean isManifestRequest() {
        return path().contains("/manifests/");
    }

    public boolean isBlobRequest() {
        return path().contains("/blobs/");
    }

    public boolean isTagListRequest() {
        return path().endsWith("/tags/list");
    }

    public boolean is(String httpMethod) {
        return method.equalsIgnoreCase(httpMethod);
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + status;
    }
}
