package io.hagicode.imagemirror.testkit;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real program an integration test runs (skopeo, Distribution, htpasswd, kubectl, ...), and the one rule for what a
 * test does when it is missing: on a developer's machine the test is skipped with the install hint; in CI (environment
 * variable {@code CI} set, as GitHub Actions and the project's CI do) it fails with the same hint, so that a CI run
 * cannot turn green by skipping what it was meant to test.
 * <p>
 * The path of a program found at a fixed place can be overridden with the system property
 * {@code imagemirror.bin.<name>} (a skopeo installed elsewhere, or a missing path to see the CI rule at work).
 */
public final class RealDependency {
    /** What every hint ends with: the script that installs all the programs the tests use. */
    static final String INSTALL_ALL = "./test.sh installs every program the tests use";

    private final String name;
    private final String where;
    private final String installHint;
    private final BooleanSupplier probe;
    private Boolean present;

    private RealDependency(String name, String where, String installHint, BooleanSupplier probe) {
        this.name = name;
        this.where = where;
        this.installHint = installHint;
        this.probe = probe;
    }

    /** A program at {@code defaultPath}, or where {@code -Dimagemirror.bin.<name>} says. */
    public static RealDependency executable(String name, String defaultPath, String installHint) {
        return executable(name, defaultPath, installHint, System::getProperty);
    }

    static RealDependency executable(String name, String defaultPath, String installHint,
                                     UnaryOperator<String> systemProperties) {
        String override = systemProperties.apply("imagemirror.bin." + name);
        String path = override == null || override.isBlank() ? defaultPath : override;
        return new RealDependency(name, path, installHint, () -> TestFiles.isExecutable(path));
    }

    /**
     * A dependency whose presence takes more than a file check (a program on PATH that must answer, a daemon).
     * {@code probe} runs at most once.
     */
    public static RealDependency probed(String name, String installHint, BooleanSupplier probe) {
        return new RealDependency(name, name, installHint, probe);
    }

    /** Where the program is: the path to run for {@link #executable}, the name for {@link #probed}. */
    public String path() {
        return where;
    }

    public synchronized boolean isPresent() {
        if (present == null) {
            present = probe.getAsBoolean();
        }
        return present;
    }

    /** Returns when the dependency is there; otherwise skips (developer) or fails (CI) the calling test. */
    public void require() {
        require(WhenMissing.fromEnvironment());
    }

    /** Returns when the dependency is there; otherwise skips or fails the calling test as {@code whenMissing} says. */
    public void require(WhenMissing whenMissing) {
        if (isPresent()) {
            return;
        }
        String missing = name + " is missing" + (where.equals(name) ? "" : " (" + where + " is not executable)")
                + ": " + installHint + "; " + INSTALL_ALL;
        if (whenMissing == WhenMissing.FAIL) {
            Assertions.fail(missing + ". A missing dependency fails the test instead of skipping it in CI "
                    + "(environment variable CI set) and where a test is told its dependencies are required");
        }
        Assumptions.abort(missing);
    }

    /** What a test does when a real dependency is missing. */
    public enum WhenMissing {
        /** A developer's machine: the test is reported as skipped, with the install hint. */
        SKIP,
        /** CI, or a test run that asked for its dependencies (e.g. the k3s end-to-end job): the test fails. */
        FAIL;

        /** FAIL when the environment variable {@code CI} is set to anything but {@code false} or {@code 0}. */
        public static WhenMissing fromEnvironment() {
            return fromEnvironment(System.getenv());
        }

        static WhenMissing fromEnvironment(Map<String, String> environment) {
            String ci = Objects.requireNonNullElse(environment.get("CI"), "").strip();
            return ci.isEmpty() || ci.equalsIgnoreCase("false") || ci.equals("0") ? SKIP : FAIL;
        }
    }
}
