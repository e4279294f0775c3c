package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hagicode.imagemirror.api.ImageMirror;
import io.hagicode.imagemirror.api.ImageMirrorDocuments;
import io.hagicode.imagemirror.api.InvalidSpecException;
import io.hagicode.imagemirror.app.job.CredentialsException;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.operator.ReadyReason;
import io.hagicode.imagemirror.app.operator.SecretCredentialsResolver;
import io.hagicode.imagemirror.app.operator.SecretLookup;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ImageMirrors in the Lua tests' testdata are ones the operator could have written: each is a valid document, its
 * conditions carry reasons the operator emits, and where a message is the operator's own wording (credentials,
 * an invalid spec), the operator's code produces that very message from the fixture's spec.
 */
class ArgoImageMirrorFixturesTest {
    private static final Path MIRROR = ArgoResourceCustomizationsTest.ROOT.resolve("mirror.hagicode.io/ImageMirror");

    @TestFactory
    Stream<DynamicTest> fixturesAreStatesTheOperatorWrites() throws Exception {
        Set<String> readyReasons = Arrays.stream(ReadyReason.values()).map(Enum::name).collect(Collectors.toSet());
        Set<String> syncingReasons = syncingReasons();
        return fixtures().map(file -> dynamicTest(MIRROR.relativize(file).toString(), () -> {
            ImageMirror mirror = read(file);
            List<Condition> conditions = mirror.getStatus() == null ? List.of() : mirror.getStatus().getConditions();
            for (Condition c : conditions) {
                assertThat(c.getType()).isIn("Ready", "Syncing");
                assertThat(c.getStatus()).as(c.getType()).isIn("True", "False");
                if (c.getType().equals("Ready")) {
                    assertThat(c.getReason()).isIn(readyReasons);
                    assertThat(ReadyReason.valueOf(c.getReason()).ready()).as("Ready is True only when Synced")
                            .isEqualTo(c.getStatus().equals("True"));
                } else {
                    assertThat(c.getReason()).isIn(syncingReasons);
                    assertThat(c.getReason().equals("Idle")).as("Syncing is False only when Idle")
                            .isEqualTo(c.getStatus().equals("False"));
                }
            }
            Optional<Condition> ready = conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst();
            String reason = ready.map(Condition::getReason).orElse("");
            if (reason.equals(ReadyReason.InvalidSpec.name())) {
                assertThatThrownBy(() -> SpecValidator.validate(mirror.getSpec()))
                        .isInstanceOf(InvalidSpecException.class).hasMessage(ready.get().getMessage());
            } else {
                SpecValidator.validate(mirror.getSpec());
            }
            if (reason.equals(ReadyReason.CredentialsNotFound.name())) {
                assertThat(credentialsProblem(mirror, (namespace, name) -> Optional.empty()))
                        .isEqualTo(ready.get().getMessage());
            }
            if (reason.equals(ReadyReason.InvalidCredentials.name())) {
                // The fixture's scenario: every Secret exists, with type Opaque.
                SecretLookup opaque = (namespace, name) -> Optional.of(new SecretBuilder().withNewMetadata()
                        .withNamespace(namespace).withName(name).endMetadata().withType("Opaque").build());
                assertThat(credentialsProblem(mirror, opaque)).isEqualTo(ready.get().getMessage());
            }
        }));
    }

    @Test
    void theFixturesCoverEveryReadyReason() throws IOException {
        Set<String> covered = fixtures().map(ArgoImageMirrorFixturesTest::read)
                .filter(m -> m.getStatus() != null)
                .flatMap(m -> m.getStatus().getConditions().stream())
                .filter(c -> c.getType().equals("Ready")).map(Condition::getReason).collect(Collectors.toSet());

        assertThat(covered).containsAll(Arrays.stream(ReadyReason.values()).map(Enum::name).toList());
    }

    private static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(MIRROR)) {
            return files.filter(f -> f.getParent().getFileName().toString().equals("testdata")).sorted().toList()
                    .stream();
        }
    }

    private static ImageMirror read(Path file) {
        try {
            List<ImageMirrorDocuments.Loaded> documents = ImageMirrorDocuments.read(file);
            assertThat(documents).hasSize(1);
            return documents.get(0).mirror();
        } catch (Exception e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    private static String credentialsProblem(ImageMirror mirror, SecretLookup secrets) throws Exception {
        String namespace = mirror.getMetadata().getNamespace();
        try {
            SpecValidator.validate(mirror.getSpec()).toJob(namespace + "/" + mirror.getMetadata().getName(),
                    new SecretCredentialsResolver(namespace, secrets));
        } catch (CredentialsException e) {
            return e.getMessage();
        }
        throw new AssertionError("the operator finds no credentials problem in " + mirror.getMetadata().getName());
    }

    /**
     * The Syncing reasons the operator writes. They are package-private constants of its StatusBuilder; reading them
     * keeps this list from drifting (the fixtures once said SyncStarted, which is an Event, not a reason).
     */
    private static Set<String> syncingReasons() throws ReflectiveOperationException {
        Class<?> builder = Class.forName("io.hagicode.imagemirror.app.operator.StatusBuilder");
        Set<String> reasons = new TreeSet<>();
        for (Field field : builder.getDeclaredFields()) {
            if (field.getName().startsWith("SYNCING_") && Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class) {
                field.setAccessible(true);
                reasons.add((String) field.get(null));
            }
        }
        assertThat(reasons).as("StatusBuilder.SYNCING_* constants").contains("InProgress", "Idle");
        return reasons;
    }
}
