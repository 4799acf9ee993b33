package org.rareegress.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escapesALineBreakSoThatAForgedNameStaysOnOneLine() {
        String forged = "svchost.exe\n2024-05-01 10:00:00 INFO TrackProcessPrevalence all clear";

        assertThat(LogText.escape(forged)).isEqualTo("svchost.exe\\u000A2024-05-01 10:00:00 INFO TrackProcessPrevalence all clear");
    }

    @Test
    void escapesTerminalEscapesDelTheC1ControlsAndTheUnicodeLineSeparators() {
        assertThat(LogText.escape("a\u001b[31mb\u007fc\u0085d\u2028e\u2029f\r"))
                .isEqualTo("a\\u001B[31mb\\u007Fc\\u0085d\\u2028e\\u2029f\\u000D");
    }

    @Test
    void escapesABackslashSoThatAnEscapeInTheTextCannotPassForOneItDidNotHave() {
        assertThat(LogText.escape("a\\u000Ab")).isEqualTo("a\\\\u000Ab");
    }

    @Test
    void leavesOrdinaryNamesAsTheyAre() {
        String name = "r\u00e9sum\u00e9 \u202egpj.exe \uD83D\uDE80.exe";

        assertThat(LogText.escape(name)).isSameAs(name);
        assertThat(LogText.escape(null)).isEqualTo("null");
    }
}
