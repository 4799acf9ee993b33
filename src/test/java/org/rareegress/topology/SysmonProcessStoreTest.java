package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;

/** The live topology (RocksDB, changelogged) joins Sysmon 3 with Sysmon 1 in its bounded sysmon-process-store. */
class SysmonProcessStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE = """
            {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS1","UtcTime":"2025-06-01 09:%02d:00.000",
             "ProcessGuid":"{%s}","Image":"C:\\\\x\\\\implant.exe","CommandLine":"implant.exe -c","Hashes":"MD5=%032x,SHA256=%064x"}""";
    private static final String CONNECT = """
            {"EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS1","UtcTime":"2025-06-01 10:05:00.000",
             "ProcessGuid":"{%s}","Image":"C:\\\\x\\\\implant.exe","Protocol":"tcp","Initiated":"true",
             "DestinationIp":"185.100.87.2","DestinationPort":"4444"}""";

    @TempDir
    Path stateDir;

    @Test
    void alertsWithTheHashOfTheProcessCreationRememberedInTheStore() throws IOException {
        try (Driver driver = new Driver(stateDir, "detector.warmup=PT0S")) {
            driver.send(CREATE.formatted(0, "p1", 1, 2), CONNECT.formatted("p1"));

            List<JsonNode> alerts = driver.alerts();

            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.get("Hashes")).extracting(JsonNode::asText).containsExactly("%032x".formatted(1));
                assertThat(alert.get("SampleProcess").asText()).isEqualTo("implant.exe -c");
            });
        }
    }

    @Test
    void storeHoldsNoMoreThanTheConfiguredNumberOfProcesses() throws IOException {
        try (Driver driver = new Driver(stateDir, "input.sysmon-process-max-entries=5")) {
            for (int i = 0; i < 50; i++) {
                // Each a minute later than the one before: the oldest go first.
                driver.send(CREATE.formatted(i, "p" + i, i, i));
            }

            List<KeyValue<Bytes, byte[]>> entries = driver.storeContents();

            assertThat(entries).as("5 entries, their 5 index keys and the count").hasSize(11);
            assertThat(entries).anySatisfy(entry -> assertThat(new String(entry.key.get(), StandardCharsets.UTF_8)).endsWith("{p49}"));
            assertThat(entries).noneSatisfy(entry -> assertThat(new String(entry.key.get(), StandardCharsets.UTF_8)).endsWith("{p0}"));
        }
    }

    /** The live topology under TopologyTestDriver, with the store readable. */
    private static final class Driver implements AutoCloseable {
        private final TopologyTestDriver driver;
        private final TestInputTopic<byte[], byte[]> input;
        private final TestOutputTopic<String, byte[]> alerts;

        Driver(Path stateDir, String... overrides) {
            Settings settings = SettingsLoader.load(null, Map.of(), List.of(overrides));
            DetectorMetrics metrics = new DetectorMetrics();
            Properties properties = StreamsProperties.of(settings, metrics);
            properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(DetectorTopology.build(settings, metrics, Enricher.none(),
                    TopologyOptions.live(), TopologyHarness.CLOCK), properties);
            input = driver.createInputTopic(settings.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
            alerts = driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), new ByteArrayDeserializer());
        }

        void send(String... records) {
            for (String record : records) {
                input.pipeInput(record.getBytes(StandardCharsets.UTF_8));
            }
        }

        List<JsonNode> alerts() throws IOException {
            // The input goes quiet: its partition is found caught up, confirms it is idle at the next tick, and
            // every held event is processed.
            driver.advanceWallClockTime(java.time.Duration.ofMinutes(2));
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
            List<JsonNode> read = new ArrayList<>();
            for (byte[] value : alerts.readValuesToList()) {
                read.add(JSON.readTree(value));
            }
            return read;
        }

        List<KeyValue<Bytes, byte[]>> storeContents() {
            KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(Names.SYSMON_PROCESS_STORE);
            List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
                all.forEachRemaining(entries::add);
            }
            return entries;
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
