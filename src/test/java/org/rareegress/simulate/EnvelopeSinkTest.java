package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rareegress.config.Settings;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.read.RecordReaders;

class EnvelopeSinkTest {
    static final int K = 50;
    static final FleetSpec SPEC = new FleetSpec(8, 3, 25, 5, Instant.parse("2024-06-01T00:00:00Z"), Duration.ZERO);

    static FleetSimulator simulator;
    static List<byte[]> rows;
    static List<byte[]> envelopes = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        simulator = new FleetSimulator(SPEC);
        rows = Rows.of(simulator);
        EnvelopeSink sink = new EnvelopeSink((record, length, ticks, key) -> envelopes.add(Arrays.copyOf(record, length)),
                K, simulator.tenantId());
        simulator.generate(sink);
        sink.finish();
    }

    @Test
    void everyEnvelopeButTheLastHoldsKRecordsOfTheNetworkCategory() throws IOException {
        int total = 0;
        for (int i = 0; i < envelopes.size(); i++) {
            JsonNode records = Rows.MAPPER.readTree(envelopes.get(i)).get("records");
            int expected = i < envelopes.size() - 1 ? K : rows.size() - K * (envelopes.size() - 1);
            assertThat(records).hasSize(expected);
            for (JsonNode record : records) {
                assertThat(record.get("category").asText()).isEqualTo("AdvancedHunting-DeviceNetworkEvents");
                assertThat(record.get("operationName").asText()).isEqualTo("Publish");
                assertThat(record.get("tenantId").asText()).isEqualTo(simulator.tenantId());
                assertThat(record.get("time").asText()).isEqualTo(record.get("properties").get("Timestamp").asText());
                assertThat(Instant.parse(record.get("_TimeReceivedBySvc").asText())).isAfter(Instant.parse(record.get("time").asText()));
            }
            total += records.size();
        }
        assertThat(total).isEqualTo(rows.size());
    }

    @Test
    void theProjectReaderTakesEnvelopesAndRowsAlikeWithNoRejects() {
        List<String> fromEnvelopes = read(envelopes);
        List<String> fromRows = read(rows);

        assertThat(fromRows).hasSize(rows.size());
        assertThat(fromEnvelopes).isEqualTo(fromRows);
    }

    /** Reads records with the detector's own reader; fails on any reject or skip. */
    private static List<String> read(List<byte[]> records) {
        RecordReader reader = RecordReaders.create(Settings.defaults().input(), Clock.systemUTC());
        List<String> events = new ArrayList<>();
        ReadSink sink = new ReadSink() {
            @Override
            public void event(NetworkEvent event) {
                events.add(event.timestampNanos() + " " + event.deviceId() + " " + event.processFileName() + " "
                        + event.remoteIp() + ":" + event.remotePort() + " " + event.actionType());
            }

            @Override
            public void reject(DeadLetter deadLetter) {
                throw new AssertionError("rejected: " + deadLetter.reason());
            }

            @Override
            public void skip(String what) {
                throw new AssertionError("skipped: " + what);
            }
        };
        for (int i = 0; i < records.size(); i++) {
            reader.read(records.get(i), SourceRef.file("simulated", i + 1), sink);
        }
        return events;
    }
}
