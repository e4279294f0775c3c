package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --selector}: the label selector syntax of {@code kubectl get -l}, and the Lease name a shard derives. */
class MirrorSelectorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mirror.hagicode.io/shard=a          | mirror.hagicode.io/shard=a",
            "mirror.hagicode.io/shard == a       | mirror.hagicode.io/shard=a",
            "shard!=b                            | shard!=b",
            "shard in (c, a,b)                   | shard in (a,b,c)",
            "shard notin (a)                     | shard notin (a)",
            "tier , !legacy                      | !legacy,tier",
            "team=x,shard=a                      | shard=a,team=x",
            "shard=                              | shard=",
    })
    void acceptsKubectlSyntaxInOneSpelling(String given, String expression) {
        assertThat(MirrorSelector.parse(given).expression()).isEqualTo(expression);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shard=a b           | label value 'a b'",
            "Mirror.IO/shard=a   | label key 'Mirror.IO/shard': the prefix before '/' must be a DNS subdomain",
            "-shard=a            | label key '-shard': the name must be 1-63 characters",
            "shard=a,,team=b     | an empty requirement",
            "shard in a,b        | 'shard in a' is not a requirement",
            "shard in (a,b       | the values of 'in' go in parentheses",
            "replicas>2          | 'replicas>2' is not a requirement",
            "shard=a=b           | label value 'a=b'",
    })
    void rejectsWhatTheApiServerWouldWithTheFlagAndTheValue(String given, String why) {
        assertThatThrownBy(() -> MirrorSelector.parse(given)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--selector '" + given + "': ").hasMessageContaining(why);
    }

    @Test
    void anEmptySelectorIsAMistakeNotEveryMirror() {
        assertThatThrownBy(() -> MirrorSelector.parse(" ")).hasMessage("--selector ' ': empty; leave the flag out "
                + "to reconcile every ImageMirror");
    }

    @Test
    void aKeyNameLongerThan63CharactersIsRejected() {
        String key = "k".repeat(64);
        assertThatThrownBy(() -> MirrorSelector.parse(key + "=a")).hasMessageContaining("label key '" + key + "'");
        assertThat(MirrorSelector.parse("k".repeat(63) + "=a").expression()).startsWith("k".repeat(63));
    }

    @Test
    void eachSelectorGetsItsOwnLeaseAndTheSameSelectorInAnotherOrderTheSameOne() {
        Shard a = Shard.of(Optional.of(MirrorSelector.parse("mirror.hagicode.io/shard=a,team=x")), Optional.empty());
        Shard sameA = Shard.of(Optional.of(MirrorSelector.parse("team == x, mirror.hagicode.io/shard=a")),
                Optional.empty());
        Shard b = Shard.of(Optional.of(MirrorSelector.parse("mirror.hagicode.io/shard=b,team=x")), Optional.empty());

        assertThat(a.leaseName()).matches(OperatorSettings.LEASE_NAME + "-[0-9a-f]{10}").isEqualTo(sameA.leaseName())
                .isNotEqualTo(b.leaseName());
        assertThat(Shard.of(Optional.empty(), Optional.empty())).isEqualTo(Shard.ALL);
        assertThat(Shard.ALL.leaseName()).isEqualTo(OperatorSettings.LEASE_NAME);
    }

    @Test
    void anExplicitLeaseNameWinsAndMustNameALease() {
        assertThat(Shard.of(Optional.of(MirrorSelector.parse("shard=a")), Optional.of("imagemirror-shard-a"))
                .leaseName()).isEqualTo("imagemirror-shard-a");
        assertThatThrownBy(() -> Shard.of(Optional.empty(), Optional.of("Shard_A")))
                .hasMessageStartingWith("--lease-name 'Shard_A': not a valid Lease name");
    }
}
