package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFeedTest {
    static final Instant END = Instant.parse("2024-06-03T10:00:00Z");

    /** A clock that moves on by a fixed step each time it is read: time passes without waiting for it. */
    static final class SteppingClock extends Clock {
        private Instant now;
        private final Duration step;

        SteppingClock(Instant start, Duration step) {
            this.now = start;
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }

        Instant peek() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void liveEventsAreStampedWithTheClockAtTheAskedRateAndTheImplantKeepsBeaconing() throws IOException {
        FleetSimulator simulator = new FleetSimulator(new FleetSpec(10, 3, 20, 9, END, Duration.ZERO));
        SteppingClock clock = new SteppingClock(END, Duration.ofSeconds(5));
        Instant stopAt = END.plus(Duration.ofHours(2));
        List<byte[]> rows = new ArrayList<>();

        FleetSimulator.Result result = simulator.live((row, length, ticks, key) -> rows.add(Arrays.copyOf(row, length)),
                2.0, clock, () -> !clock.peek().isBefore(stopAt));

        List<JsonNode> parsed = Rows.parsed(rows);
        assertThat(result.events()).isEqualTo(parsed.size());
        long background = result.events() - result.plantedEvents();
        assertThat(background).isBetween(2L * 7200 - 20, 2L * 7200 + 20);
        Instant previous = END;
        for (JsonNode row : parsed) {
            Instant time = Rows.time(row);
            assertThat(time).isAfterOrEqualTo(previous).isBefore(stopAt.plusSeconds(10));
            previous = time;
        }
        assertThat(parsed).filteredOn(r -> Rows.process(r).equals("winsvchost.exe")).hasSizeBetween(8, 18);
    }
}
