package org.rareegress.topology;

import org.rareegress.detect.Alert;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.StormAlert;

/**
 * What the stateful node emits: an alert, a STORM alert (both to the alert topic), or a change to the hunt table
 * (a null row is a tombstone).
 */
sealed interface DetectorOutput {

    record AlertOut(Alert alert) implements DetectorOutput {
    }

    record StormOut(StormAlert storm) implements DetectorOutput {
    }

    record RowOut(HuntRow row) implements DetectorOutput {
    }
}
