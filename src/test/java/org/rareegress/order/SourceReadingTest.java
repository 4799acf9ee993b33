package org.rareegress.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A run of events read at once (a batch's early-dropped rows) leaves a source's reading as reading them one by one. */
class SourceReadingTest {
    private static final long BOUND = 60_000_000_000L;

    @Test
    void aRunCountsAsItsEventsReadOneByOne() {
        long[] times = {5_000, 9_000, 7_000, 9_000, 1_000};
        SourceReading oneByOne = new SourceReading(BOUND, 0);
        SourceReading asRun = new SourceReading(BOUND, 0);
        oneByOne.report();
        asRun.report();

        for (long time : times) {
            oneByOne.read(time, 42);
        }
        asRun.read(9_000, 42, times.length);

        assertThat(asRun.readSinceReport()).isEqualTo(oneByOne.readSinceReport()).isEqualTo(times.length);
        assertThat(asRun.changed()).isEqualTo(oneByOne.changed()).isTrue();
        assertThat(asRun.progress()).isEqualTo(oneByOne.progress());
        assertThat(asRun.quietFor(10, 51)).isEqualTo(oneByOne.quietFor(10, 51)).isFalse();
        assertThat(asRun.quietFor(10, 52)).isEqualTo(oneByOne.quietFor(10, 52)).isTrue();
    }

    @Test
    void aRunNoNewerThanWhatWasReadChangesNothingButTheCount() {
        SourceReading reading = new SourceReading(BOUND, 0);
        reading.read(9_000, 1);
        reading.report();

        reading.read(8_000, 2, 3);

        assertThat(reading.changed()).isFalse();
        assertThat(reading.readSinceReport()).isEqualTo(3);
    }
}
