package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.DimensionStateCodec;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.enrich.CapturedLogs;
import org.slf4j.event.Level;

/**
 * Names that reach a log line from stored state or from a record key are escaped: a line break in one
 * forged a log line. The readers reject such names today, but state written before that check, and a key
 * anyone can give an input record, still carry them.
 */
class LoggedNamesTest {
    private static final String FORGED = "svchost.exe\n2024-05-01 10:00:00 INFO all clear";

    @Test
    void aDiscardedStateIsLoggedWithItsNameOnOneLine() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.PROCESS_PREVALENCE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        store.put(FORGED, new byte[] {99, 1, 2});
        ProcessStates states = new ProcessStates(store, new ProcessStateCodec(4), new DimensionStateCodec(4), new DetectorMetrics());

        try (CapturedLogs logs = CapturedLogs.of(ProcessStates.class)) {
            assertThat(states.load(FORGED)).isNull();

            assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                    .doesNotContain("\n").contains("svchost.exe\\u000A2024-05-01 10:00:00 INFO all clear");
        }
    }

    @Test
    void anOversizedOutputIsLoggedWithItsKeyOnOneLine() {
        DropOversizedOutputs handler = new DropOversizedOutputs();
        handler.configure(Map.of(StreamsProperties.OUTPUT_TOPICS, "alerts"));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("alerts", FORGED.getBytes(StandardCharsets.UTF_8),
                new byte[10]);

        try (CapturedLogs logs = CapturedLogs.of(DropOversizedOutputs.class)) {
            handler.handleError(context(), record, new RecordTooLargeException("too large"));

            assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                    .doesNotContain("\n").contains("(key svchost.exe\\u000A2024-05-01");
        }
    }

    /** A context whose every answer is empty: the handler only logs its coordinates. */
    private static ErrorHandlerContext context() {
        return (ErrorHandlerContext) Proxy.newProxyInstance(ErrorHandlerContext.class.getClassLoader(),
                new Class<?>[] {ErrorHandlerContext.class}, (proxy, method, args) -> {
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return 0;
                    }
                    if (type == long.class) {
                        return 0L;
                    }
                    return type == String.class ? "input" : null;
                });
    }
}
