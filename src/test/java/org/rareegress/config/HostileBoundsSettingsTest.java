package org.rareegress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.DetectorSettings;

/** detector.max-tracked-processes, alert.storm-threshold and alert.storm-window: defaults, sources, bad values. */
class HostileBoundsSettingsTest {

    @Test
    void defaultsToAMillionProcessesAndTwoHundredNewRareInTenMinutes() {
        DetectorSettings detector = Settings.defaults().detector();

        assertThat(detector.maxTrackedProcesses()).isEqualTo(1_000_000).isEqualTo(DetectorSettings.DEFAULT_MAX_TRACKED_PROCESSES);
        assertThat(detector.stormThreshold()).isEqualTo(200).isEqualTo(DetectorSettings.DEFAULT_STORM_THRESHOLD);
        assertThat(detector.stormWindow()).isEqualTo(Duration.ofMinutes(10)).isEqualTo(DetectorSettings.DEFAULT_STORM_WINDOW);
    }

    @Test
    void takesThemFromTheEnvironmentAndFromSet() {
        Settings settings = SettingsLoader.load(null, Map.of("RARE_EGRESS_DETECTOR_MAX_TRACKED_PROCESSES", "5000"),
                List.of("alert.storm-threshold=0", "alert.storm-window=PT1H"));

        assertThat(settings.detector().maxTrackedProcesses()).isEqualTo(5_000);
        assertThat(settings.detector().stormThreshold()).isZero();
        assertThat(settings.detector().stormWindow()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesABoundOfNoProcessesNamingTheKey() {
        assertThatThrownBy(() -> load("detector.max-tracked-processes=0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detector.max-tracked-processes")
                .hasMessageContaining("must be from 1 to 1000000000, got 0");
    }

    @Test
    void refusesANegativeStormThresholdNamingTheKey() {
        assertThatThrownBy(() -> load("alert.storm-threshold=-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alert.storm-threshold")
                .hasMessageContaining("must be from 0 to 1000000, got -1 (0: no limit)");
    }

    @Test
    void refusesAStormWindowLongerThanTheWindowOrOfNoLength() {
        assertThatThrownBy(() -> load("detector.window=P1D", "alert.storm-window=P2D"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alert.storm-window")
                .hasMessageContaining("must be at most detector.window (PT24H), got PT48H");
        assertThatThrownBy(() -> load("alert.storm-window=PT0S"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alert.storm-window");
    }

    private static Settings load(String... overrides) {
        return SettingsLoader.load(null, Map.of(), List.of(overrides));
    }
}
