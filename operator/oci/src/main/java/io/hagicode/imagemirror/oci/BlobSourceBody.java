package io.hagicode.imagemirror.oci;

import java.io.IOException;
import java.io.InputStream;
import okio.BufferedSink;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * A monolithic upload's body: exactly {@code size} bytes streamed from a freshly opened {@link RegistryClient.BlobSource}.
 * One-shot, so OkHttp never replays it on its own; a retry builds a new body, which opens the source again. Content
 * that is shorter or longer than declared, or that fails its own verification, aborts the request with the source's
 * error (carried through OkHttp as a {@link NetworkFailures.SourceFailure}), so the registry never completes it.
 */
final class BlobSourceBody extends RequestBody {
    private final RegistryClient.BlobSource source;
    private final Descriptor blob;
    private final String what;

    BlobSourceBody(RegistryClient.BlobSource source, Descriptor blob, String what) {
        this.source = source;
        this.blob = blob;
        this.what = what;
    }

    @Override
    public MediaType contentType() {
        return UploadSessions.OCTET_STREAM;
    }

    @Override
    public long contentLength() {
        return blob.size();
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        try (InputStream in = SourceReader.open(source, what)) {
            byte[] buffer = new byte[64 * 1024];
            long remaining = blob.size();
            while (remaining > 0) {
                int n = SourceReader.read(in, buffer, (int) Math.min(buffer.length, remaining), what);
                if (n < 0) {
                    throw new NetworkFailures.SourceFailure(SourceReader.shorter(blob, remaining, what));
                }
                sink.write(buffer, 0, n);
                remaining -= n;
            }
            SourceReader.expectEnd(in, blob, what);
        } catch (RegistryException e) {
            throw new NetworkFailures.SourceFailure(e);
        } catch (RuntimeException e) {
            throw new NetworkFailures.SourceFailure(new RegistryException(RegistryErrorKind.OTHER, 0,
                    what + " failed: the content source failed: " + e, e));
        }
    }
}
