package org.rareegress.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the detector remembers of one program in one refined dimension: the state of each of its values
 * (a port, a hash, an AS number), each a {@link ProcessState} of its own (N newest devices, small evidence,
 * the facts of its last alert). At most {@code detector.max-values-per-process + 1} values, the most
 * recently seen: enough to tell exactly whether more than the cap are in the window (docs/dimensions.md).
 */
public final class DimensionState {
    /** Value key ({@link Dimension#valueOf}) to its state; iteration order is the stored order. */
    final Map<String, ProcessState> values = new LinkedHashMap<>();
    /** Whether the table holds the row saying this dimension is not informative for the program. */
    boolean notInformativeRowPublished;
    /** When the earliest scheduled check of this record fires; MAX_VALUE when none is scheduled. */
    long scheduledAt = Long.MAX_VALUE;

    public Map<String, ProcessState> values() {
        return values;
    }

    public boolean notInformativeRowPublished() {
        return notInformativeRowPublished;
    }

    public long scheduledAt() {
        return scheduledAt;
    }

    public void scheduledAt(long time) {
        this.scheduledAt = time;
    }

    /** Puts back the flags of a stored state ({@code codec.DimensionStateCodec}); its values are put in {@link #values()}. */
    public void restore(boolean notInformativeRowPublished, long scheduledAt) {
        this.notInformativeRowPublished = notInformativeRowPublished;
        this.scheduledAt = scheduledAt;
    }

    public boolean isEmpty() {
        return values.isEmpty() && !notInformativeRowPublished;
    }
}
