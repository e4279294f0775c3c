package io.hagicode.imagemirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Writes fixtures straight into an open, plain-HTTP test registry: streamed random layers (POST, one PATCH with a
 * body of unknown length, PUT with the digest learnt while streaming), small blobs and manifests; and reads a tag's
 * digest back with HEAD. The bench's own client, so that setting up never goes through the code under test.
 */
final class FixturePusher implements AutoCloseable {
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    static final String ACCEPT_MANIFESTS = String.join(",",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final OkHttpClient http = new OkHttpClient.Builder()
            .readTimeout(5, TimeUnit.MINUTES).writeTimeout(1, TimeUnit.MINUTES).build();
    private final HttpUrl base;

    FixturePusher(String hostPort) {
        this.base = HttpUrl.get("http://" + hostPort + "/");
    }

    /** Generates and uploads a random layer of {@code contentBytes} without holding it in memory. */
    LayerBlob pushRandomLayer(String repository, long seed, long contentBytes) {
        HttpUrl upload = startUpload(repository);
        AtomicReference<LayerBlob> written = new AtomicReference<>();
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTETS;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                written.set(RandomLayer.write(seed, contentBytes, sink.outputStream()));
            }
        };
        HttpUrl next = location(send(new Request.Builder().url(upload).patch(body), 202, "PATCH blob upload"), upload);
        LayerBlob blob = written.get();
        send(new Request.Builder().url(next.newBuilder().addQueryParameter("digest", blob.digest()).build())
                .put(RequestBody.create(new byte[0], OCTETS)), 201, "PUT blob " + blob.digest()).close();
        return blob;
    }

    /** Uploads a small blob (a config) in one PUT; returns its digest. */
    String pushBlob(String repository, byte[] bytes) {
        String digest = Sha256.of(bytes);
        HttpUrl upload = startUpload(repository);
        send(new Request.Builder().url(upload.newBuilder().addQueryParameter("digest", digest).build())
                .put(RequestBody.create(bytes, OCTETS)), 201, "PUT blob " + digest).close();
        return digest;
    }

    void putManifest(String repository, String reference, String mediaType, byte[] bytes) {
        send(new Request.Builder().url(url(repository, "manifests/" + reference))
                .put(RequestBody.create(bytes, MediaType.get(mediaType))), 201,
                "PUT manifest " + repository + ":" + reference).close();
    }

    /** The digest a tag (or digest reference) resolves to, or empty when the registry does not have it. */
    Optional<String> manifestDigest(String repository, String reference) {
        Request head = new Request.Builder().url(url(repository, "manifests/" + reference)).head()
                .header("Accept", ACCEPT_MANIFESTS).build();
        try (Response r = http.newCall(head).execute()) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            if (!r.isSuccessful()) {
                throw new IllegalStateException("HEAD " + head.url() + " answered " + r.code());
            }
            return Optional.ofNullable(r.header("Docker-Content-Digest"));
        } catch (IOException e) {
            throw new UncheckedIOException("HEAD " + head.url(), e);
        }
    }

    private HttpUrl startUpload(String repository) {
        HttpUrl start = url(repository, "blobs/uploads/");
        return location(send(new Request.Builder().url(start).post(RequestBody.create(new byte[0], OCTETS)), 202,
                "POST blob upload"), start);
    }

    private HttpUrl url(String repository, String rest) {
        return base.resolve("/v2/" + repository + "/" + rest);
    }

    /** The upload URL the registry answered with; Distribution may send it absolute or relative. */
    private static HttpUrl location(Response response, HttpUrl requested) {
        try (response) {
            String location = response.header("Location");
            if (location == null) {
                throw new IllegalStateException(requested + " answered without a Location header");
            }
            return requested.resolve(location);
        }
    }

    private Response send(Request.Builder request, int expected, String what) {
        Request r = request.build();
        try {
            Response response = http.newCall(r).execute();
            if (response.code() != expected) {
                String body = response.body() == null ? "" : response.body().string();
                response.close();
                throw new IllegalStateException(what + ": " + r.url() + " answered " + response.code() + " " + body);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": " + r.url(), e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
