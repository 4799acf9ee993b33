package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RecordReader;
import org.rareegress.order.FileSources;

/**
 * A backtest batch holds many file lines in one record. An exception nobody foresaw while reading one
 * line must cost that line only (a dead letter with its file and line), not the lines after it.
 */
class ParseBatchFailureTest {
    private static final String FILE = "events.jsonl";

    /** Reads nothing but says which lines it saw; fails on lines that say so. */
    private static RecordReader failingOn(String marker, RuntimeException failure, List<Long> seen) {
        return (record, source, sink) -> {
            seen.add(source.line());
            if (new String(record, StandardCharsets.UTF_8).contains(marker)) {
                throw failure;
            }
        };
    }

    private static Record<byte[], byte[]> batchOf(String... lines) {
        LineBatch batch = new LineBatch();
        for (int i = 0; i < lines.length; i++) {
            byte[] line = lines[i].getBytes(StandardCharsets.UTF_8);
            batch.add(i + 1, line, 0, line.length);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.FILE_BATCH_HEADER, FILE.getBytes(StandardCharsets.UTF_8));
        return new Record<>(null, batch.drain(), 0L, headers);
    }

    private static MockProcessorContext<byte[], Screened> contextWithSysmonStore() {
        MockProcessorContext<byte[], Screened> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.SYSMON_PROCESS_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return context;
    }

    private static ParseNetworkEvents parser(RecordReader reader, DetectorMetrics metrics) {
        Settings settings = SettingsLoader.load(null, Map.of(), List.of());
        return new ParseNetworkEvents(processes -> reader, settings.input(), metrics, new FileBatches(new FileSources(), metrics));
    }

    @Test
    void anUnexpectedFailureOnOneLineDeadLettersThatLineAndReadsTheRest() {
        List<Long> seen = new ArrayList<>();
        DetectorMetrics metrics = new DetectorMetrics();
        MockProcessorContext<byte[], Screened> context = contextWithSysmonStore();
        ParseNetworkEvents parse = parser(failingOn("boom", new IllegalStateException("reader bug"), seen), metrics);
        parse.init(context);

        parse.process(batchOf("{\"a\":1}", "{\"boom\":1}", "{\"c\":3}"));

        assertThat(seen).containsExactly(1L, 2L, 3L);
        List<DeadLetter> deadLetters = context.forwarded().stream()
                .map(forwarded -> ((Screened.Rejected) forwarded.record().value()).deadLetter()).toList();
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("processing failed: java.lang.IllegalStateException: reader bug");
            assertThat(letter.source().file()).isEqualTo(FILE);
            assertThat(letter.source().line()).isEqualTo(2);
        });
        assertThat(metrics.processingErrors()).isEqualTo(1);
        assertThat(metrics.rejected()).isEqualTo(1);
        assertThat(metrics.recordsRead()).isEqualTo(3);
    }

    @Test
    void aKafkaFailureStillStopsTheBatch() {
        List<Long> seen = new ArrayList<>();
        MockProcessorContext<byte[], Screened> context = contextWithSysmonStore();
        ParseNetworkEvents parse = parser(failingOn("boom", new SerializationException("store broke"), seen),
                new DetectorMetrics());
        parse.init(context);

        assertThatThrownBy(() -> parse.process(batchOf("{\"boom\":1}", "{\"b\":2}")))
                .isInstanceOf(SerializationException.class);
        assertThat(seen).containsExactly(1L);
        assertThat(context.forwarded()).isEmpty();
    }
}
