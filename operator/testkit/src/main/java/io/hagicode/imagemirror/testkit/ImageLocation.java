package io.hagicode.imagemirror.testkit;

import java.util.List;

/** Where skopeo reads or writes an image: a test registry or an OCI layout directory. */
public sealed interface ImageLocation permits RegistryImage, OciLayoutImage {

    /** The skopeo transport reference, e.g. {@code docker://127.0.0.1:5000/app:1} or {@code oci:/dir:app}. */
    String transportReference();

    /**
     * The skopeo flags this location needs (TLS, CA dir, credentials).
     *
     * @param prefix "src-", "dest-" or "" (for inspect and list-tags)
     */
    List<String> skopeoFlags(String prefix);

    /** The same flags with secrets masked, for messages. */
    List<String> printableFlags(String prefix);
}
