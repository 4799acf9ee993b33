package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.AlertStormCodec;
import org.rareegress.event.Timestamps;

class AlertStormTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");

    private final List<StormAlert> closed = new ArrayList<>();

    @Test
    void publishesUpToTheThresholdInAWindowThenSuppressesUntilItsEnd() {
        AlertStorm storm = new AlertStorm(2, 10 * MINUTE);

        assertThat(storm.admit("a.exe", T0 + 3 * MINUTE, closed::add)).isEqualTo(Long.MIN_VALUE);
        assertThat(storm.admit("b.exe", T0 + 4 * MINUTE, closed::add)).isEqualTo(Long.MIN_VALUE);
        assertThat(storm.admit("c.exe", T0 + 5 * MINUTE, closed::add)).as("the end of the aligned window")
                .isEqualTo(T0 + 10 * MINUTE);
        assertThat(storm.admit("d.exe", T0 + 10 * MINUTE, closed::add)).as("the next window").isEqualTo(Long.MIN_VALUE);

        assertThat(closed).singleElement().satisfies(alert -> {
            assertThat(alert.suppressed()).isEqualTo(1);
            assertThat(alert.processes()).containsExactly("c.exe");
            assertThat(alert.windowStart()).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(alert.windowEnd()).isEqualTo("2024-05-01T00:10:00Z");
            assertThat(alert.alertId()).isEqualTo(AlertIds.ofStorm(T0, "c.exe"));
        });
    }

    @Test
    void closesAWindowWithoutSuppressionsSilentlyAndOneWithThemWhenStreamTimeReachesItsEnd() {
        AlertStorm quiet = new AlertStorm(5, 10 * MINUTE);
        AlertStorm stormy = new AlertStorm(1, 10 * MINUTE);
        quiet.admit("a.exe", T0, closed::add);
        stormy.admit("a.exe", T0, closed::add);
        stormy.admit("b.exe", T0 + 1, closed::add);

        quiet.advance(T0 + 10 * MINUTE, closed::add);
        stormy.advance(T0 + 10 * MINUTE - 1, closed::add);
        assertThat(closed).isEmpty();
        stormy.advance(T0 + 10 * MINUTE, closed::add);

        assertThat(closed).singleElement().extracting(StormAlert::processes).isEqualTo(List.of("b.exe"));
    }

    @Test
    void namesTheFirstTwentyAndCountsThemAll() {
        AlertStorm storm = new AlertStorm(1, 10 * MINUTE);
        for (int i = 0; i < 1_000; i++) {
            storm.admit("p" + i + ".exe", T0 + i, closed::add);
        }

        storm.advance(T0 + 10 * MINUTE, closed::add);

        assertThat(closed).singleElement().satisfies(alert -> {
            assertThat(alert.suppressed()).isEqualTo(999);
            assertThat(alert.processes()).hasSize(AlertStorm.NAMES_SHOWN).startsWith("p1.exe", "p2.exe").endsWith("p20.exe");
            assertThat(alert.detectedAt()).isEqualTo(Timestamps.format(T0 + 1));
            assertThat(alert.lastSuppressedAt()).isEqualTo(Timestamps.format(T0 + 999));
        });
    }

    @Test
    void anOpenWindowSurvivesItsStoredForm() {
        AlertStorm storm = new AlertStorm(1, 10 * MINUTE);
        storm.admit("a.exe", T0 + MINUTE, closed::add);
        storm.admit("b.exe", T0 + 2 * MINUTE, closed::add);
        assertThat(storm.changed()).isTrue();
        byte[] stored = AlertStormCodec.encode(storm);
        assertThat(storm.changed()).isFalse();

        AlertStorm restored = new AlertStorm(1, 10 * MINUTE);
        AlertStormCodec.restore(restored, stored);

        assertThat(restored.admit("c.exe", T0 + 3 * MINUTE, closed::add)).isEqualTo(T0 + 10 * MINUTE);
        restored.advance(T0 + 10 * MINUTE, closed::add);
        assertThat(closed).singleElement().extracting(StormAlert::processes).isEqualTo(List.of("b.exe", "c.exe"));
        assertThat(AlertStormCodec.encode(restored)).as("nothing open, nothing to keep").isNull();
    }

    @Test
    void refusesBytesItDidNotWrite() {
        assertThatThrownBy(() -> AlertStormCodec.restore(new AlertStorm(1, MINUTE), new byte[] {9, 1, 2}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void publishesEveryNewRareWhenOff() {
        AlertStorm storm = new AlertStorm(0, MINUTE);
        for (int i = 0; i < 10_000; i++) {
            assertThat(storm.admit("p" + i + ".exe", T0 + i, closed::add)).isEqualTo(Long.MIN_VALUE);
        }
        storm.advance(T0 + 10 * MINUTE, closed::add);

        assertThat(closed).isEmpty();
        assertThat(storm.changed()).as("nothing to store").isFalse();
    }
}
