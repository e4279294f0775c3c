package io.hagicode.imagemirror.api;

/**
 * A YAML document that is not a valid ImageMirror. The message names the file, the document (1-based), the line when
 * known, the field and the value at fault.
 */
public class InvalidDocumentException extends Exception {
    public InvalidDocumentException(String message) {
        super(message);
    }

    public InvalidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
