package org.rareegress.topology;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What one processor of {@link DirectPipeline} sees of its task: the stores, the record being processed,
 * and its child, to which {@link #forward} hands records at once. The wall clock never moves (as under
 * the test driver a backtest used to run on), so wall-clock punctuators are registered and never called.
 */
final class DirectContext<K, V> implements ProcessorContext<K, V> {
    private static final TaskId TASK = new TaskId(0, 0);

    private final Map<String, StateStore> stores;
    private final DirectNodes.Current current;
    private final String applicationId;
    private final Consumer<Record<K, V>> child;

    DirectContext(Map<String, StateStore> stores, DirectNodes.Current current, String applicationId,
                  Consumer<Record<K, V>> child) {
        this.stores = stores;
        this.current = current;
        this.applicationId = applicationId;
        this.child = child;
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
        @SuppressWarnings("unchecked")
        Record<K, V> widened = (Record<K, V>) record;
        child.accept(widened);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
        forward(record);
    }

    @Override
    public String applicationId() {
        return applicationId;
    }

    @Override
    public TaskId taskId() {
        return TASK;
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.of(current);
    }

    @Override
    public Serde<?> keySerde() {
        throw new UnsupportedOperationException("the detector's processors name their serdes");
    }

    @Override
    public Serde<?> valueSerde() {
        throw new UnsupportedOperationException("the detector's processors name their serdes");
    }

    @Override
    public File stateDir() {
        throw new UnsupportedOperationException("stores are in memory");
    }

    @Override
    public StreamsMetrics metrics() {
        throw new UnsupportedOperationException("the detector counts into DetectorMetrics");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String name) {
        StateStore store = stores.get(name);
        if (store == null) {
            throw new IllegalStateException("no store " + name);
        }
        return (S) store;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        return () -> { };
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        return () -> { };
    }

    @Override
    public void commit() {
    }

    @Override
    public Map<String, Object> appConfigs() {
        return Map.of();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return Map.of();
    }

    @Override
    public long currentSystemTimeMs() {
        return 0;
    }

    @Override
    public long currentStreamTimeMs() {
        return 0;
    }
}
