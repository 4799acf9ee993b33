package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.InputFormat;
import org.rareegress.event.InputSettings;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/** One record writes at most input.max-dead-letters-per-record dead letters, then one that counts the rest. */
class DeadLetterCapTest {
    private static final SourceRef SOURCE = SourceRef.kafka("mde.device-network-events", 2, 1234);
    private static final int MAX_BYTES = 4 << 20;

    private final RecordingSink sink = new RecordingSink();

    private static RecordReader reader(InputFormat format, int maxDeadLetters) {
        return RecordReaders.create(new InputSettings(format, MAX_BYTES, Duration.ofDays(1),
                InputSettings.DEFAULT_SYSMON_PROCESS_TTL, InputSettings.DEFAULT_SYSMON_PROCESS_MAX_ENTRIES, maxDeadLetters,
                InputSettings.DEFAULT_IDLE_TIMEOUT),
                MdeJsonReaderTest.CLOCK);
    }

    private static byte[] envelopeOfZeros(int items) {
        StringBuilder json = new StringBuilder(items * 2 + 16).append("{\"records\":[");
        for (int i = 0; i < items; i++) {
            json.append(i == 0 ? "0" : ",0");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEnvelopeOfAMillionBadItemsWritesTheCapAndOneSummary() {
        byte[] record = envelopeOfZeros(1_000_000);

        reader(InputFormat.AUTO, 100).read(record, SOURCE, sink);

        assertThat(sink.rejects).hasSize(101);
        assertThat(sink.rejects.subList(0, 100)).allSatisfy(letter ->
                assertThat(letter.reason()).isEqualTo("envelope record is not a JSON object"));
        DeadLetter summary = sink.rejects.get(100);
        assertThat(summary.reason()).isEqualTo("999900 more items of this record were rejected; their dead letters were"
                + " not written (input.max-dead-letters-per-record is 100)");
        assertThat(summary.source()).isEqualTo(SOURCE);
        assertThat(summary.raw().length()).isEqualTo(record.length);
        assertThat(sink.suppressed).as("counted for rare_egress_dead_letters_suppressed_total").isEqualTo(999_900);
    }

    @Test
    void theCapIsTheConfiguredOneForEveryMultiItemFormat() {
        byte[] envelope = envelopeOfZeros(50);
        byte[] rows = "[1,2,3,4,5,6,7,8,9,10]".getBytes(StandardCharsets.UTF_8);

        reader(InputFormat.ENVELOPE, 3).read(envelope, SOURCE, sink);
        reader(InputFormat.MDE, 3).read(rows, SOURCE, sink);

        assertThat(sink.reasons()).containsExactly(
                "envelope record is not a JSON object", "envelope record is not a JSON object",
                "envelope record is not a JSON object",
                "47 more items of this record were rejected; their dead letters were not written"
                        + " (input.max-dead-letters-per-record is 3)",
                "array item is not a JSON object", "array item is not a JSON object", "array item is not a JSON object",
                "7 more items of this record were rejected; their dead letters were not written"
                        + " (input.max-dead-letters-per-record is 3)");
    }

    @Test
    void goodItemsPastTheCapAreStillDelivered() {
        String good = anEvent().process("late.exe").json();
        byte[] record = ("[1,2,3," + good + ",4]").getBytes(StandardCharsets.UTF_8);

        reader(InputFormat.MDE, 2).read(record, SOURCE, sink);

        assertThat(sink.events).extracting(NetworkEvent::processFileName).containsExactly("late.exe");
        assertThat(sink.rejects).hasSize(3);
        assertThat(sink.reasons().get(2)).startsWith("2 more items of this record were rejected");
    }

    @Test
    void aRecordAtTheCapHasNoSummary() {
        reader(InputFormat.AUTO, 3).read(envelopeOfZeros(3), SOURCE, sink);

        assertThat(sink.reasons()).containsExactly("envelope record is not a JSON object",
                "envelope record is not a JSON object", "envelope record is not a JSON object");
    }

    @Test
    void aRecordThatBreaksAfterTheCapIsStillOneDeadLetter() {
        byte[] broken = ("{\"records\":[0,0,0,0,0,0,0,0,0,0" + ",").getBytes(StandardCharsets.UTF_8);

        reader(InputFormat.AUTO, 3).read(broken, SOURCE, sink);

        assertThat(sink.rejects).singleElement().satisfies(letter ->
                assertThat(letter.reason()).startsWith("malformed JSON"));
    }
}
