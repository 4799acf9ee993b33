package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rareegress.runtime.DetectorStatus.Phase;

class DetectorStatusTest {

    @Test
    void aRestoreIsThePhaseWhateverElseIsTrue() {
        assertThat(DetectorStatus.phase("REBALANCING", true, true, 0L)).isEqualTo(Phase.RESTORING);
    }

    @Test
    void anInstanceNotRunningSaysSo() {
        assertThat(DetectorStatus.phase("REBALANCING", false, true, 0L)).isEqualTo(Phase.NOT_RUNNING);
    }

    @Test
    void warmUpComesBeforeBeingBehind() {
        assertThat(DetectorStatus.phase("RUNNING", false, false, 1_000_000L)).isEqualTo(Phase.WARMING_UP);
    }

    @Test
    void aBacklogBeyondTheRuleOfThumbIsBehind() {
        assertThat(DetectorStatus.phase("RUNNING", false, true, DetectorStatus.BEHIND_RECORDS + 1)).isEqualTo(Phase.BEHIND);
        assertThat(DetectorStatus.phase("RUNNING", false, true, DetectorStatus.BEHIND_RECORDS)).isEqualTo(Phase.CAUGHT_UP);
        assertThat(DetectorStatus.phase("RUNNING", false, true, null)).as("lag not known yet").isEqualTo(Phase.CAUGHT_UP);
    }
}
