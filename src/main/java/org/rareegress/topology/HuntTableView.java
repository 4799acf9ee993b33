package org.rareegress.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rareegress.codec.DimensionStateCodec;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.DimensionState;
import org.rareegress.detect.DimensionTracker;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.ProcessState;
import org.rareegress.detect.ProcessTracker;
import org.rareegress.enrich.Enricher;

/**
 * The hunt table read from a prevalence store: every process rare at an instant {@code T}, sorted
 * as the seed sorts. Exact for any {@code T} at or after the store's stream time, since the state
 * keeps the N newest devices and all in-window evidence.
 */
public final class HuntTableView {
    private final ProcessTracker tracker;
    private final ProcessStateCodec codec;
    private final DimensionTracker dimensions;
    private final DimensionStateCodec dimensionCodec;
    private final Enricher enricher;
    private final java.util.List<org.rareegress.detect.Dimension> configured;

    public HuntTableView(DetectorSettings settings, Enricher enricher) {
        this.configured = settings.refinedDimensions();
        this.tracker = new ProcessTracker(settings);
        this.codec = new ProcessStateCodec(settings.threshold());
        this.dimensions = new DimensionTracker(settings);
        this.dimensionCodec = new DimensionStateCodec(settings.threshold());
        this.enricher = enricher;
    }

    /** Rows of one store, unsorted; fails on a state that cannot be decoded. */
    public List<HuntRow> rows(ReadOnlyKeyValueStore<String, byte[]> store, long asOfNanos) {
        List<HuntRow> rows = new ArrayList<>();
        forEachRow(store, asOfNanos, rows::add, (process, e) -> {
            throw e;
        });
        return rows;
    }

    /**
     * Each row of one store in turn, so that a caller can keep what it can afford. A state that cannot
     * be decoded goes to {@code undecodable} with the decoder's exception; rethrowing it ends the scan.
     */
    public void forEachRow(ReadOnlyKeyValueStore<String, byte[]> store, long asOfNanos, Consumer<HuntRow> action,
                           BiConsumer<String, IllegalStateException> undecodable) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (DimensionKeys.isDimensionKey(entry.key)) {
                    // State of a dimension since turned off is not shown (it is retired at its next check).
                    if (configured.stream().anyMatch(d -> entry.key.startsWith(DimensionKeys.of(d, "")))) {
                        dimensionRows(store, entry, asOfNanos, action, undecodable);
                    }
                    continue;
                }
                ProcessState state;
                try {
                    state = codec.decode(entry.value);
                } catch (IllegalStateException e) {
                    undecodable.accept(entry.key, e);
                    continue;
                }
                HuntRow row = tracker.rowIfRare(entry.key, state, asOfNanos);
                if (row != null) {
                    action.accept(enricher.enrich(row));
                }
            }
        }
    }

    /** The rows of a (dimension, process): judged against the process's own state at {@code asOfNanos}. */
    private void dimensionRows(ReadOnlyKeyValueStore<String, byte[]> store, KeyValue<String, byte[]> entry, long asOfNanos,
                               Consumer<HuntRow> action, BiConsumer<String, IllegalStateException> undecodable) {
        String process = DimensionKeys.process(entry.key);
        DimensionState state;
        ProcessState processState = null;
        try {
            state = dimensionCodec.decode(entry.value);
            byte[] processBytes = store.get(process);
            if (processBytes != null) {
                processState = codec.decode(processBytes);
                tracker.expire(processState, asOfNanos);
            }
        } catch (IllegalStateException e) {
            undecodable.accept(entry.key, e);
            return;
        }
        boolean prevalent = tracker.isPrevalentAt(processState, asOfNanos);
        for (HuntRow row : dimensions.rows(DimensionKeys.dimension(entry.key), process, state, processState, prevalent,
                asOfNanos)) {
            action.accept(enricher.enrich(row));
        }
    }

    public static List<HuntRow> sorted(List<HuntRow> rows) {
        List<HuntRow> sorted = new ArrayList<>(rows);
        sorted.sort(HuntRow.TABLE_ORDER);
        return sorted;
    }
}
