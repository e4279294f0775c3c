package io.hagicode.imagemirror.app.importer;

/**
 * Input the importer cannot translate faithfully. The message names the file, the line when known, and the key at
 * fault; it never quotes a credential.
 */
public class ImportException extends Exception {
    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
