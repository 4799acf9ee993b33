package org.rareegress.topology;

import org.rareegress.detect.Alert;
import org.rareegress.detect.HuntRow;

/** What the stateful node emits: an alert, or a change to the hunt table (a null row is a tombstone). */
sealed interface DetectorOutput {

    record AlertOut(Alert alert) implements DetectorOutput {
    }

    record RowOut(HuntRow row) implements DetectorOutput {
    }
}
