package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedSinkTest {

    /** Time that passes only when the sink waits, and the moments events went downstream. */
    static final class ManualTicker implements PacedSink.Ticker {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void park(long nanos) {
            now += nanos;
        }
    }

    @Test
    void eventsLeaveNoFasterThanTheRate() throws IOException {
        ManualTicker ticker = new ManualTicker();
        List<Long> sentAt = new ArrayList<>();
        PacedSink sink = new PacedSink((row, length, ticks, key) -> sentAt.add(ticker.now), 4.0, ticker);

        for (int i = 0; i < 9; i++) {
            sink.event(new byte[1], 1, i, null);
        }

        assertThat(sentAt).hasSize(9);
        for (int i = 1; i < sentAt.size(); i++) {
            assertThat(sentAt.get(i) - sentAt.get(i - 1)).isEqualTo(250_000_000L);
        }
    }

    @Test
    void aSlowDownstreamIsNotWaitedForTwice() throws IOException {
        ManualTicker ticker = new ManualTicker();
        long start = ticker.now;
        PacedSink sink = new PacedSink((row, length, ticks, key) -> ticker.now += 1_000_000_000L, 4.0, ticker);

        for (int i = 0; i < 5; i++) {
            sink.event(new byte[1], 1, i, null);
        }

        assertThat(ticker.now - start).isEqualTo(5_000_000_000L);
    }
}
