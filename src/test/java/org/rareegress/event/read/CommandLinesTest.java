package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.detect.EvidenceText;

/** The input side cuts command lines exactly as the evidence does, so state holds one form of each. */
class CommandLinesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1_023, 1_024, 1_025, 5_000, 32_767})
    void cutsExactlyAsEvidenceDoes(int length) {
        String commandLine = "c".repeat(length);

        assertThat(CommandLines.cut(commandLine)).isEqualTo(EvidenceText.commandLine(commandLine));
    }

    @Test
    void neverKeepsHalfASurrogatePairAndAgreesWithEvidenceOnIt() {
        String rockets = "a" + "\uD83D\uDE80".repeat(1_000);

        String cut = CommandLines.cut(rockets);

        assertThat(cut).startsWith("a" + "\uD83D\uDE80".repeat(511) + "... [");
        assertThat(cut).isEqualTo(EvidenceText.commandLine(rockets));
        assertThat(CommandLines.MAX_CHARS).isEqualTo(EvidenceText.MAX_CHARS);
    }

    @Test
    void keepsNullAsNull() {
        assertThat(CommandLines.cut(null)).isNull();
    }
}
