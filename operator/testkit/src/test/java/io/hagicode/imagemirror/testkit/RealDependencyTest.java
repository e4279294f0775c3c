package io.hagicode.imagemirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hagicode.imagemirror.testkit.RealDependency.WhenMissing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RealDependencyTest {
    private static final String NOWHERE = "/nonexistent/imagemirror-test/skopeo";

    @Test
    void aMissingProgramSkipsOnADevelopersMachineWithTheInstallHint() {
        RealDependency skopeo = RealDependency.executable("skopeo", NOWHERE, "apt-get install -y skopeo", p -> null);

        assertThatThrownBy(() -> skopeo.require(WhenMissing.SKIP))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("skopeo is missing (" + NOWHERE + " is not executable)")
                .hasMessageContaining("apt-get install -y skopeo")
                .hasMessageContaining("./test.sh");
    }

    @Test
    void aMissingProgramFailsInCiWithTheSameHint() {
        RealDependency skopeo = RealDependency.executable("skopeo", NOWHERE, "apt-get install -y skopeo", p -> null);

        assertThatThrownBy(() -> skopeo.require(WhenMissing.FAIL))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("skopeo is missing (" + NOWHERE + " is not executable)")
                .hasMessageContaining("apt-get install -y skopeo")
                .hasMessageContaining("fails the test instead of skipping it in CI");
    }

    @Test
    void aPresentProgramPassesEitherWay(@TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("fake-skopeo"), "#!/bin/sh\n");
        assertThat(program.toFile().setExecutable(true)).isTrue();
        RealDependency skopeo = RealDependency.executable("skopeo", program.toString(), "hint", p -> null);

        assertThatCode(() -> skopeo.require(WhenMissing.FAIL)).doesNotThrowAnyException();
        assertThatCode(() -> skopeo.require(WhenMissing.SKIP)).doesNotThrowAnyException();
        assertThat(skopeo.path()).isEqualTo(program.toString());
    }

    @Test
    void theSystemPropertyNamedAfterTheProgramOverridesItsPath(@TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("skopeo-elsewhere"), "#!/bin/sh\n");
        assertThat(program.toFile().setExecutable(true)).isTrue();
        Map<String, String> properties = Map.of("imagemirror.bin.skopeo", program.toString());

        RealDependency moved = RealDependency.executable("skopeo", NOWHERE, "hint", properties::get);
        assertThat(moved.path()).isEqualTo(program.toString());
        assertThat(moved.isPresent()).isTrue();

        RealDependency gone = RealDependency.executable("skopeo", program.toString(), "hint",
                Map.of("imagemirror.bin.skopeo", NOWHERE)::get);
        assertThat(gone.isPresent()).isFalse();
    }

    @Test
    void ciIsAnyValueOfTheCiVariableButFalseOrZero() {
        assertThat(WhenMissing.fromEnvironment(Map.of())).isEqualTo(WhenMissing.SKIP);
        assertThat(WhenMissing.fromEnvironment(Map.of("CI", ""))).isEqualTo(WhenMissing.SKIP);
        assertThat(WhenMissing.fromEnvironment(Map.of("CI", "false"))).isEqualTo(WhenMissing.SKIP);
        assertThat(WhenMissing.fromEnvironment(Map.of("CI", "0"))).isEqualTo(WhenMissing.SKIP);
        assertThat(WhenMissing.fromEnvironment(Map.of("CI", "true"))).isEqualTo(WhenMissing.FAIL);
        assertThat(WhenMissing.fromEnvironment(Map.of("CI", "1"))).isEqualTo(WhenMissing.FAIL);
        assertThat(WhenMissing.fromEnvironment(Map.of("CI", "TRUE"))).isEqualTo(WhenMissing.FAIL);
    }

    @Test
    void aProbedDependencyIsProbedOnceAndNamedInTheMessage() {
        AtomicInteger probes = new AtomicInteger();
        RealDependency kubectl = RealDependency.probed("kubectl", "install kubectl 1.27 or newer", () -> {
            probes.incrementAndGet();
            return false;
        });

        assertThatThrownBy(() -> kubectl.require(WhenMissing.SKIP)).isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("kubectl is missing: install kubectl 1.27 or newer");
        assertThatThrownBy(() -> kubectl.require(WhenMissing.FAIL)).isInstanceOf(AssertionFailedError.class);
        assertThat(probes).hasValue(1);
    }
}
