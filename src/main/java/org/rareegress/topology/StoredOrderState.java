package org.rareegress.topology;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.order.OrderState;
import org.rareegress.order.SourceMessageCodec;
import org.rareegress.order.SourceProgress;

/** The {@value Names#SOURCE_PROGRESS_STORE}: each source's progress by id, and the released watermark under key -1. */
final class StoredOrderState implements OrderState {
    private static final int RELEASED_KEY = -1;

    private final KeyValueStore<Integer, byte[]> store;

    StoredOrderState(KeyValueStore<Integer, byte[]> store) {
        this.store = store;
    }

    @Override
    public Map<Integer, SourceProgress> sources() {
        Map<Integer, SourceProgress> sources = new TreeMap<>();
        try (KeyValueIterator<Integer, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Integer, byte[]> entry = all.next();
                if (entry.key != RELEASED_KEY) {
                    sources.put(entry.key, SourceMessageCodec.decodeProgress(entry.value));
                }
            }
        }
        return sources;
    }

    @Override
    public void source(int id, SourceProgress progress) {
        store.put(id, SourceMessageCodec.encode(progress));
    }

    @Override
    public long released() {
        byte[] bytes = store.get(RELEASED_KEY);
        return bytes == null ? Long.MIN_VALUE : ByteBuffer.wrap(bytes).getLong();
    }

    @Override
    public void released(long watermark) {
        store.put(RELEASED_KEY, ByteBuffer.allocate(Long.BYTES).putLong(watermark).array());
    }
}
