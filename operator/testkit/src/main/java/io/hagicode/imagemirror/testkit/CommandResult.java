package io.hagicode.imagemirror.testkit;

import java.nio.charset.StandardCharsets;

/** Exit code and captured output of a finished command. */
record CommandResult(int exitCode, byte[] stdoutBytes, String stderr) {
    String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }
}
