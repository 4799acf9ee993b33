package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.FleetSpec;
import org.rareegress.simulate.SimulateCommand;
import picocli.CommandLine;

/** {@code simulate --topic} against a real broker: every event arrives, keyed by device, in order per device. */
@ExtendWith(KafkaBroker.class)
class SimulateTopicIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String END = "2024-06-01T00:00:00Z";
    private static final FleetSpec SPEC = new FleetSpec(12, 2, 40, 5, Instant.parse(END), Duration.ZERO);

    @Test
    void everyEventArrivesKeyedByItsDeviceAndInTimeOrderPerDevice(TestKafka kafka) throws Exception {
        String topic = kafka.createTopic("simulated", 3);

        int exit = simulate(kafka, topic);

        assertThat(exit).isZero();
        List<ConsumerRecord<String, String>> records = kafka.readAll(topic, IsolationLevel.READ_COMMITTED);
        assertThat(records).hasSize((int) new FleetSimulator(SPEC).totalEvents());
        Map<String, Instant> newestByDevice = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode row = MAPPER.readTree(record.value());
            String device = row.get("DeviceId").asText();
            Instant time = Instant.parse(row.get("Timestamp").asText());
            assertThat(record.key()).isEqualTo(device);
            Instant previous = newestByDevice.put(device, time);
            assertThat(previous == null || !time.isBefore(previous)).as("%s in order", device).isTrue();
        }
        Set<Integer> partitions = records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
        assertThat(partitions).hasSize(3);
    }

    @Test
    void envelopesArriveUnkeyedWithEveryEventInside(TestKafka kafka) throws Exception {
        String topic = kafka.createTopic("simulated-envelopes", 1);

        int exit = simulate(kafka, topic, "--envelopes", "25");

        assertThat(exit).isZero();
        List<ConsumerRecord<String, String>> records = kafka.readAll(topic, IsolationLevel.READ_COMMITTED);
        int events = 0;
        for (ConsumerRecord<String, String> record : records) {
            assertThat(record.key()).isNull();
            events += MAPPER.readTree(record.value()).get("records").size();
        }
        assertThat(events).isEqualTo(new FleetSimulator(SPEC).totalEvents());
    }

    private static int simulate(TestKafka kafka, String topic, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--devices", "12", "--days", "2",
                "--events-per-device-per-day", "40", "--seed", "5", "--end", END, "--topic",
                "--set", "topic.input=" + topic, "--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers()));
        args.addAll(List.of(extra));
        return new CommandLine(new SimulateCommand()).execute(args.toArray(String[]::new));
    }
}
