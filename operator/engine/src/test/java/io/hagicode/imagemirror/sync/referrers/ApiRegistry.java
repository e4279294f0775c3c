package io.hagicode.imagemirror.sync.referrers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hagicode.imagemirror.oci.Digest;
import io.hagicode.imagemirror.oci.MediaTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An in-memory registry on a MockWebServer (https, 127.0.0.1, for insecure clients) that has what Distribution 2.8 lacks: the OCI 1.1
 * referrers API. A manifest PUT with a {@code subject} is indexed and answered with {@code OCI-Subject}; the referrers
 * list is served one entry per page with {@code Link}, so clients must paginate, and filtered by {@code artifactType}
 * with {@code OCI-Filters-Applied}. With {@code api} false it answers the referrers path 404 and sends no
 * {@code OCI-Subject}, as a registry without the API does. One repository namespace per server, enough for tests.
 */
final class ApiRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[a-f0-9]{64})");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]*)");
    private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/(sha256:[a-f0-9]{64})");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

    private record Stored(String mediaType, byte[] bytes) {
    }

    private final MockWebServer server = new MockWebServer();
    private final boolean api;
    private final Map<String, Stored> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> tags = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> referrers = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    ApiRegistry(boolean api) throws IOException {
        this.api = api;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                MockResponse response = answer(request);
                // A HEAD answer carries no body: MockWebServer would write it into the connection.
                return request.getMethod().equals("HEAD") && response.getStatus().contains(" 4")
                        ? new MockResponse().setResponseCode(404) : response;
            }
        });
        // TLS with a throwaway certificate: an insecure client's first try is https without verification, and a
        // MockWebServer does not fail that handshake fast enough for its plain-http fallback.
        HeldCertificate cert = new HeldCertificate.Builder().commonName("127.0.0.1")
                .addSubjectAlternativeName("127.0.0.1").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory(), false);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String hostPort() {
        return "127.0.0.1:" + server.getPort();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    int mark() {
        return requests.size();
    }

    List<String> requestLinesSince(int mark) {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r : requests.subList(mark, requests.size())) {
            out.add(r.getMethod() + " " + r.getPath());
        }
        return out;
    }

    boolean hasTag(String tag) {
        return tags.containsKey(tag);
    }

    byte[] manifest(String reference) {
        String digest = tags.getOrDefault(reference, reference);
        Stored s = manifests.get(digest);
        return s == null ? null : s.bytes();
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath().replace("%3A", ":");
        String method = request.getMethod();
        Matcher m;
        if (path.equals("/v2/")) {
            return new MockResponse();
        }
        if ((m = TAGS.matcher(path)).matches()) {
            ObjectNode body = JSON.createObjectNode();
            body.put("name", m.group(1));
            tags.keySet().stream().sorted().forEach(body.putArray("tags")::add);
            return new MockResponse().setBody(body.toString());
        }
        if ((m = REFERRERS.matcher(path)).matches()) {
            return api ? referrersPage(m.group(2), request) : new MockResponse().setResponseCode(404)
                    .setHeader("Content-Type", "text/plain").setBody("404 page not found\n");
        }
        if ((m = UPLOADS.matcher(path)).matches()) {
            if (method.equals("POST")) {
                return new MockResponse().setResponseCode(202)
                        .setHeader("Location", "/v2/" + m.group(1) + "/blobs/uploads/" + UUID.randomUUID());
            }
            if (method.equals("PUT")) {
                byte[] body = request.getBody().readByteArray();
                String digest = request.getRequestUrl().queryParameter("digest");
                if (!Digest.sha256(body).toString().equals(digest)) {
                    return error(400, "DIGEST_INVALID", digest);
                }
                blobs.put(digest, body);
                return new MockResponse().setResponseCode(201).setHeader("Docker-Content-Digest", digest);
            }
            return new MockResponse().setResponseCode(204);
        }
        if ((m = BLOB.matcher(path)).matches()) {
            byte[] blob = blobs.get(m.group(2));
            if (blob == null) {
                return error(404, "BLOB_UNKNOWN", m.group(2));
            }
            MockResponse ok = new MockResponse().setHeader("Docker-Content-Digest", m.group(2));
            return method.equals("HEAD") ? ok.setHeader("Content-Length", blob.length)
                    : ok.setBody(new okio.Buffer().write(blob));
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            return method.equals("PUT") ? putManifest(m.group(2), request) : getManifest(m.group(2), method);
        }
        return new MockResponse().setResponseCode(404).setBody("no route for " + request.getRequestLine());
    }

    private MockResponse getManifest(String reference, String method) {
        String digest = tags.getOrDefault(reference, reference);
        Stored s = manifests.get(digest);
        if (s == null) {
            return error(404, "MANIFEST_UNKNOWN", reference);
        }
        MockResponse ok = new MockResponse().setHeader("Content-Type", s.mediaType())
                .setHeader("Docker-Content-Digest", digest);
        return method.equals("HEAD") ? ok.setHeader("Content-Length", s.bytes().length)
                : ok.setBody(new okio.Buffer().write(s.bytes()));
    }

    private MockResponse putManifest(String reference, RecordedRequest request) {
        byte[] body = request.getBody().readByteArray();
        String digest = Digest.sha256(body).toString();
        manifests.put(digest, new Stored(request.getHeader("Content-Type"), body));
        if (!reference.startsWith("sha256:")) {
            tags.put(reference, digest);
        }
        MockResponse created = new MockResponse().setResponseCode(201).setHeader("Docker-Content-Digest", digest);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "MANIFEST_INVALID", reference);
        }
        JsonNode subject = json.get("subject");
        if (api && subject != null) {
            ObjectNode entry = JSON.createObjectNode();
            entry.put("mediaType", request.getHeader("Content-Type"));
            entry.put("digest", digest);
            entry.put("size", body.length);
            String type = json.path("artifactType").asText(json.path("config").path("mediaType").asText(null));
            entry.put("artifactType", type);
            List<ObjectNode> list = referrers.computeIfAbsent(subject.path("digest").asText(), s -> new CopyOnWriteArrayList<>());
            if (list.stream().noneMatch(e -> e.path("digest").asText().equals(digest))) {
                list.add(entry);
            }
            created.setHeader("OCI-Subject", subject.path("digest").asText());
        }
        return created;
    }

    private MockResponse referrersPage(String subject, RecordedRequest request) {
        String type = request.getRequestUrl().queryParameter("artifactType");
        String pageParam = request.getRequestUrl().queryParameter("page");
        int page = pageParam == null ? 0 : Integer.parseInt(pageParam);
        List<ObjectNode> all = referrers.getOrDefault(subject, List.of()).stream()
                .filter(e -> type == null || type.equals(e.path("artifactType").asText())).toList();
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        if (page < all.size()) {
            manifests.add(all.get(page));
        }
        MockResponse response = new MockResponse().setHeader("Content-Type", MediaTypes.OCI_INDEX)
                .setBody(index.toString());
        if (type != null) {
            response.setHeader("OCI-Filters-Applied", "artifactType");
        }
        if (page + 1 < all.size()) {
            String next = request.getRequestUrl().newBuilder().setQueryParameter("page", Integer.toString(page + 1))
                    .build().encodedPath() + "?" + request.getRequestUrl().newBuilder()
                    .setQueryParameter("page", Integer.toString(page + 1)).build().encodedQuery();
            response.setHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        return response;
    }

    private static MockResponse error(int status, String code, String detail) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code + "\",\"detail\":\""
                        + detail + "\"}]}");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
