package io.hagicode.imagemirror.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Writes a bcrypt htpasswd file (Distribution accepts only bcrypt) with the {@code htpasswd} tool. */
final class Htpasswd {
    static final RealDependency PROGRAM =
            RealDependency.executable("htpasswd", "/usr/bin/htpasswd", "apt-get install -y apache2-utils");

    private Htpasswd() {
    }

    static void write(Path file, BasicCredentials user) {
        // -B bcrypt, -b password from the command line, -n print instead of editing a file.
        CommandResult r = Commands.run(List.of(PROGRAM.path(), "-Bbn", user.username(), user.password()),
                Duration.ofSeconds(20), "htpasswd -Bbn " + user.username() + " ***");
        TestFiles.write(file, r.stdout().strip() + "\n");
    }
}
