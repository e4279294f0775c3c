package io.hagicode.imagemirror.sync.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.testkit.CommandFailedException;
import io.hagicode.imagemirror.testkit.CopyOption;
import io.hagicode.imagemirror.testkit.DistributionRegistry;
import io.hagicode.imagemirror.testkit.OciLayoutImage;
import io.hagicode.imagemirror.testkit.PushedImage;
import io.hagicode.imagemirror.testkit.Skopeo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The invariant every fault test checks after every run: each tag a target holds points to exactly the source's
 * manifest ({@code skopeo inspect --raw} digest) and to complete content (a {@code skopeo copy --all} out of the target,
 * which verifies every blob, succeeds). Checked with skopeo, not with the client under test.
 */
final class TargetCheck {
    private static final Skopeo SKOPEO = new Skopeo();
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");

    private TargetCheck() {
    }

    /** Tags of the mirror repository on {@code target}; empty when the repository does not exist there yet. */
    static List<String> tags(DistributionRegistry target) {
        try {
            return SKOPEO.listTags(target, FaultBench.TARGET_REPO);
        } catch (CommandFailedException e) {
            if (e.stderr().contains("404") || e.stderr().contains("unknown")) {
                return List.of();
            }
            throw e;
        }
    }

    /** Every tag present has the source's digest; returns them. Cheap enough to run while a sync is in flight. */
    static List<String> assertDigestsMatch(DistributionRegistry target, Map<String, PushedImage> source) {
        List<String> present = tags(target);
        for (String tag : present) {
            assertThat(source).as("target holds a tag the source never had").containsKey(tag);
            assertThat(SKOPEO.inspectRawDigest(target, FaultBench.TARGET_REPO + ":" + tag)).as("digest of " + tag)
                    .isEqualTo(source.get(tag).digest());
        }
        return present;
    }

    /** {@link #assertDigestsMatch} plus a full copy of every tag out of the target. Returns the tags present. */
    static List<String> assertConsistent(DistributionRegistry target, Map<String, PushedImage> source) {
        List<String> present = assertDigestsMatch(target, source);
        Path scratch;
        try {
            scratch = Files.createTempDirectory("imagemirror-faults-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (String tag : present) {
                Path layout = scratch.resolve(tag);
                SKOPEO.copy(target.image(FaultBench.TARGET_REPO + ":" + tag).anonymous(), new OciLayoutImage(layout, tag),
                        CopyOption.ALL);
                assertThat(layout.resolve("index.json")).exists();
            }
        } finally {
            deleteQuietly(scratch);
        }
        return present;
    }

    /** A reason a user reads: one line, no stack frame. */
    static void assertCleanReason(String reason) {
        assertThat(reason).isNotBlank().doesNotContain("\n");
        assertThat(STACK_FRAME.matcher(reason).find()).as("stack frame in: " + reason).isFalse();
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
