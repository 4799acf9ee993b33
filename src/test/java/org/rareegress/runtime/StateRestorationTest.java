package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class StateRestorationTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("app-process-prevalence-store-changelog", 2);

    @Test
    void aRestoreReportsWhatIsLeftUntilItEnds() {
        StateRestoration restoration = new StateRestoration();

        restoration.onRestoreStart(CHANGELOG, "process-prevalence-store", 100, 1_100);
        restoration.onBatchRestored(CHANGELOG, "process-prevalence-store", 399, 300);

        assertThat(restoration.restoring()).singleElement().satisfies(restore -> {
            assertThat(restore.partition()).isEqualTo(2);
            assertThat(restore.restored()).isEqualTo(300);
            assertThat(restore.remaining()).isEqualTo(700);
            assertThat(restore.total()).isEqualTo(1_000);
        });
        assertThat(restoration.remaining()).isEqualTo(700);

        restoration.onRestoreEnd(CHANGELOG, "process-prevalence-store", 1_000);

        assertThat(restoration.restoring()).isEmpty();
        assertThat(restoration.remaining()).isZero();
        assertThat(restoration.restoresDone()).isEqualTo(1);
    }

    @Test
    void aSuspendedRestoreIsNoLongerUnderWayNorDone() {
        StateRestoration restoration = new StateRestoration();
        restoration.onRestoreStart(CHANGELOG, "held-events-store", 0, 50);

        restoration.onRestoreSuspended(CHANGELOG, "held-events-store", 10);

        assertThat(restoration.restoring()).isEmpty();
        assertThat(restoration.restoresDone()).isZero();
    }

    @Test
    void aStandbyReportsHowFarItTrailsUntilItIsSuspended() {
        StateRestoration restoration = new StateRestoration();

        restoration.onUpdateStart(CHANGELOG, "task-clock-store", 0);
        restoration.onBatchLoaded(CHANGELOG, "task-clock-store", new TaskId(1, 2), 89, 90, 120);

        assertThat(restoration.standbys()).singleElement().satisfies(standby -> assertThat(standby.lag()).isEqualTo(30));
        assertThat(restoration.maxStandbyLag()).isEqualTo(30);

        restoration.onUpdateSuspended(CHANGELOG, "task-clock-store", 90, 120,
                StandbyUpdateListener.SuspendReason.MIGRATED);

        assertThat(restoration.standbys()).isEmpty();
        assertThat(restoration.maxStandbyLag()).isZero();
    }
}
