package org.rareegress.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressHistoryTest {
    private final ProgressHistory history = new ProgressHistory();

    @Test
    void aWatermarkCountsFromTheEndOfItsBucketNeverEarlier() {
        history.record(1_010, 5);
        history.record(1_090, 7);

        assertThat(history.watermarkAsOf(1_050)).as("known only by the bucket's end").isEqualTo(Long.MIN_VALUE);
        assertThat(history.watermarkAsOf(1_100)).isEqualTo(7);
        assertThat(history.watermarkAsOf(5_000)).isEqualTo(7);
    }

    @Test
    void eachMomentKnowsTheHighestWatermarkReportedUpToIt() {
        history.record(1_000, 5);
        history.record(2_000, 3); // a report that arrived late: progress only ever moves forward
        history.record(3_000, 9);

        assertThat(history.watermarkAsOf(1_100)).isEqualTo(5);
        assertThat(history.watermarkAsOf(2_100)).isEqualTo(5);
        assertThat(history.watermarkAsOf(3_100)).isEqualTo(9);
    }

    @Test
    void aReportDatedBeforeTheNewestBucketRaisesEveryBucketFromItsOwnOn() {
        history.record(1_000, 5);
        history.record(3_000, 6);
        history.record(2_000, 8); // a reader whose clock is behind

        assertThat(history.watermarkAsOf(1_100)).isEqualTo(5);
        assertThat(history.watermarkAsOf(3_100)).isEqualTo(8);
    }

    @Test
    void onlyTheLastMinuteIsKeptWithTheNewestBeforeItAsItsBase() {
        for (long at = 0; at <= 300_000; at += 100) {
            history.record(at, at);
        }

        assertThat(history.size()).isBetween(600, 602);
        assertThat(history.watermarkAsOf(100_000)).as("forgotten: not known that early").isEqualTo(Long.MIN_VALUE);
        // The newest report, at 300,000, counts from 300,100: a minute before that, 240,100 is the base.
        assertThat(history.watermarkAsOf(240_100)).isEqualTo(240_000);
        assertThat(history.watermarkAsOf(240_099)).isEqualTo(Long.MIN_VALUE);
        assertThat(history.watermarkAsOf(300_100)).isEqualTo(300_000);
    }

    @Test
    void timelessProgressHoldsAtEveryMomentAndProgressKnownOnlyAtTheEndOfTimeAtNone() {
        history.record(SourceMessage.TIMELESS, 4);
        history.record(SourceMessage.FOREVER, 9);

        assertThat(history.watermarkAsOf(Long.MIN_VALUE)).isEqualTo(4);
        assertThat(history.watermarkAsOf(1_000)).isEqualTo(4);
    }
}
