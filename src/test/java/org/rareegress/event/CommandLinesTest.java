package org.rareegress.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Command lines as state keeps them (evidence, the Sysmon process store): one form, cut with a visible marker. */
class CommandLinesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1_023, 1_024})
    void upToTheLimitACommandLineIsKeptWhole(int length) {
        String commandLine = "c".repeat(length);

        assertThat(CommandLines.cut(commandLine)).isSameAs(commandLine);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_025, 5_000, 32_767})
    void beyondItTheFirstCharactersAreKeptAndTheRestCounted(int length) {
        String commandLine = "c".repeat(length);

        assertThat(CommandLines.cut(commandLine))
                .isEqualTo("c".repeat(CommandLines.MAX_CHARS) + "... [" + (length - CommandLines.MAX_CHARS) + " more characters]");
    }

    @Test
    void neverKeepsHalfASurrogatePair() {
        String rockets = "a" + "\uD83D\uDE80".repeat(1_000);

        String cut = CommandLines.cut(rockets);

        assertThat(cut).isEqualTo("a" + "\uD83D\uDE80".repeat(511) + "... [" + (rockets.length() - 1_023) + " more characters]");
    }

    @Test
    void keepsNullAsNull() {
        assertThat(CommandLines.cut(null)).isNull();
    }
}
