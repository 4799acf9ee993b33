package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;
import static org.rareegress.event.read.SysmonRecords.bytes;
import static org.rareegress.event.read.SysmonRecords.read;
import static org.rareegress.event.read.SysmonRecords.reader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.event.InputFormat;

/**
 * Process and device names with control characters are forged (no Windows name can hold one) and would
 * reach the logs as they are: every format rejects them. Characters Windows allows in a file name stay.
 */
class ControlCharacterNamesTest {
    private static final String FORGED = "svchost.exe\n2024-05-01 10:00:00 INFO TrackProcessPrevalence all clear";

    @Test
    void rejectsASysmonImageWhoseFileNameHasALineBreak() {
        ObjectNode connect = SysmonRecords.networkConnect();
        connect.put("Image", "C:\\Windows\\" + FORGED);

        RecordingSink sink = read(reader(InputFormat.AUTO), bytes(connect));

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).containsExactly(
                "InitiatingProcessFileName contains the control character U+000A at index 11 (no Windows name can hold one)");
    }

    @Test
    void rejectsAnEcsProcessNameWithALineBreak() {
        String ecs = """
                {"@timestamp":"2024-05-01T10:00:00Z","event":{"category":["network"]},"host":{"name":"ws1"},
                 "process":{"name":"%s"},"destination":{"ip":"8.8.4.4","port":4444},
                 "network":{"transport":"tcp","direction":"egress"}}
                """.formatted(FORGED.replace("\n", "\\n"));

        RecordingSink sink = read(reader(InputFormat.ECS), bytes(ecs));

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().startsWith("InitiatingProcessFileName contains the control"
                + " character U+000A");
    }

    @Test
    void rejectsASysmonHostWithAnEscapeSequence() {
        ObjectNode connect = SysmonRecords.networkConnect();
        connect.put("Hostname", "WS1\u001b[31m");

        RecordingSink sink = read(reader(InputFormat.SYSMON), bytes(connect));

        assertThat(sink.reasons()).singleElement().asString().contains("control character U+001B at index 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202Egpj.exe", "a\u007Fb.exe", "a\u0085b.exe", "r\u00E9sum\u00E9.exe", "\uD83D\uDE80.exe"})
    void keepsNamesWindowsCanHold(String name) {
        RecordingSink sink = new RecordingSink();

        MdeJsonReaderTest.reader(InputFormat.AUTO).read(anEvent().process(name).bytes(), MdeJsonReaderTest.SOURCE, sink);

        assertThat(sink.onlyEvent().processFileName()).isEqualTo(name);
    }
}
