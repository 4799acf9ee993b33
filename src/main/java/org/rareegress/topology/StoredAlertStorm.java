package org.rareegress.topology;

import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.codec.AlertStormCodec;
import org.rareegress.detect.AlertStorm;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.StormAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's {@link AlertStorm}, kept under one key of {@value Names#TRACKER_BOUNDS_STORE} so that a restart resumes
 * the open storm window. Written only when it changes: when a NEW_RARE is published or suppressed, or a window closes.
 */
final class StoredAlertStorm {
    private static final Logger LOG = LoggerFactory.getLogger(StoredAlertStorm.class);
    private static final Bytes KEY = Bytes.wrap(new byte[] {'s'});

    private final KeyValueStore<Bytes, byte[]> store;
    private final AlertStorm storm;

    StoredAlertStorm(KeyValueStore<Bytes, byte[]> store, DetectorSettings settings) {
        this.store = store;
        this.storm = new AlertStorm(settings.stormThreshold(), settings.stormWindowNanos());
        byte[] stored = store.get(KEY);
        if (stored != null) {
            try {
                AlertStormCodec.restore(storm, stored);
            } catch (IllegalStateException e) {
                // At worst the rest of that window publishes its NEW_RARE alerts in full.
                LOG.error("The stored storm window cannot be decoded and is dropped: {}", e.getMessage());
                store.delete(KEY);
            }
        }
    }

    /** See {@link AlertStorm#admit}. */
    long admit(String process, long at, Consumer<StormAlert> closed) {
        long suppressedUntil = storm.admit(process, at, closed);
        persist();
        return suppressedUntil;
    }

    /** See {@link AlertStorm#advance}. */
    void advance(long now, Consumer<StormAlert> closed) {
        storm.advance(now, closed);
        persist();
    }

    private void persist() {
        if (storm.changed()) {
            byte[] encoded = AlertStormCodec.encode(storm);
            if (encoded == null) {
                store.delete(KEY);
            } else {
                store.put(KEY, encoded);
            }
        }
    }
}
