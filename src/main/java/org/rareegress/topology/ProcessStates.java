package org.rareegress.topology;

import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.codec.DimensionStateCodec;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.detect.DimensionState;
import org.rareegress.detect.ProcessState;
import org.rareegress.event.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value Names#PROCESS_PREVALENCE_STORE} as {@link ProcessState}s: decoded on load, encoded on
 * store. A stored state that cannot be decoded (a bug, or a changelog written by something else) is
 * discarded, loudly and counted, and the process starts afresh. Failing instead would dead-letter every
 * event of that process for as long as the state exists: a process that can never alert is a blind spot,
 * and a fresh state at worst raises one NEW_RARE for a process that was known.
 */
final class ProcessStates {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessStates.class);

    private final KeyValueStore<String, byte[]> store;
    private final ProcessStateCodec codec;
    private final DimensionStateCodec dimensionCodec;
    private final DetectorMetrics metrics;
    private Runnable onDiscard = () -> {
    };

    ProcessStates(KeyValueStore<String, byte[]> store, ProcessStateCodec codec, DimensionStateCodec dimensionCodec,
                  DetectorMetrics metrics) {
        this.store = store;
        this.codec = codec;
        this.dimensionCodec = dimensionCodec;
        this.metrics = metrics;
    }

    /** Called after each state this discards, so that the count of tracked processes follows. */
    void onDiscard(Runnable action) {
        this.onDiscard = action;
    }

    /** The state of a (dimension, process) under its {@link DimensionKeys} key, or null (discarded as a process's is). */
    DimensionState loadDimension(String key) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return null;
        }
        try {
            return dimensionCodec.decode(bytes);
        } catch (IllegalStateException e) {
            LOG.error("The stored state of {} ({} bytes) cannot be decoded and is discarded; it starts afresh: {}",
                    LogText.escape(key.replace('\u0001', '/')), bytes.length, LogText.escape(e.getMessage()));
            metrics.countStateDiscarded();
            store.delete(key);
            return null;
        }
    }

    void storeDimension(String key, DimensionState state) {
        if (state.isEmpty()) {
            store.delete(key);
        } else {
            store.put(key, dimensionCodec.encode(state));
        }
    }

    /** Every stored (dimension, process) state that can be decoded, by its key. */
    void forEachDimension(BiConsumer<String, DimensionState> action) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (DimensionKeys.isDimensionKey(entry.key)) {
                    DimensionState state = loadDimension(entry.key);
                    if (state != null) {
                        action.accept(entry.key, state);
                    }
                }
            }
        }
    }

    /** The process's state, or null when there is none (or it was discarded). */
    ProcessState load(String process) {
        byte[] bytes = store.get(process);
        return bytes == null ? null : decodeOrDiscard(process, bytes);
    }

    /** Stores the state; an empty one (no device left in the window) is deleted. */
    void store(String process, ProcessState state) {
        if (state.isEmpty()) {
            store.delete(process);
        } else {
            store.put(process, codec.encode(state));
        }
    }

    /** Forgets the process (evicted). */
    void delete(String process) {
        store.delete(process);
    }

    /** Every stored process state that can be decoded, in key order; the others are discarded on the way. */
    void forEach(BiConsumer<String, ProcessState> action) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (DimensionKeys.isDimensionKey(entry.key)) {
                    continue;
                }
                ProcessState state = decodeOrDiscard(entry.key, entry.value);
                if (state != null) {
                    action.accept(entry.key, state);
                }
            }
        }
    }

    private ProcessState decodeOrDiscard(String process, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (IllegalStateException e) {
            LOG.error("The stored state of {} ({} bytes) cannot be decoded and is discarded; the process starts afresh: {}",
                    LogText.escape(process), bytes.length, LogText.escape(e.getMessage()));
            metrics.countStateDiscarded();
            store.delete(process);
            onDiscard.run();
            return null;
        }
    }
}
