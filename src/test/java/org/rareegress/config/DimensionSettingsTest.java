package org.rareegress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.Dimension;

class DimensionSettingsTest {

    private static Settings load(String... overrides) {
        return SettingsLoader.load(null, Map.of(), List.of(overrides));
    }

    @Test
    void theDefaultIsTheSeedAlone() {
        assertThat(load().detector().dimensions()).containsExactly(Dimension.PROCESS);
        assertThat(load().detector().refinedDimensions()).isEmpty();
    }

    @Test
    void processAsnWithoutAnAsnDatabaseFailsNamingTheKey() {
        assertThatThrownBy(() -> load("detector.dimensions=process,process-asn"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detector.dimensions")
                .hasMessageContaining("geoip.asn-database");
    }

    @Test
    void anUnknownDimensionOrOneWithoutProcessIsRefused() {
        assertThatThrownBy(() -> load("detector.dimensions=process,process-url"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("process-url");
        assertThatThrownBy(() -> load("detector.dimensions=process-port"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must include process");
    }

    @Test
    void aDimensionsConfirmationFallsBackToTheGeneralOne() {
        DetectorSettings detector = load("detector.dimensions=process,process-port,process-hash",
                "alert.confirm-after=PT1M", "alert.confirm-after.process-hash=PT6H").detector();

        assertThat(detector.confirmAfterNanos(Dimension.PROCESS_HASH)).isEqualTo(Duration.ofHours(6).toNanos());
        assertThat(detector.confirmAfterNanos(Dimension.PROCESS_PORT)).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(detector.confirmAfterNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void aCapThatCouldOverflowAStateRecordIsRefused() {
        assertThatThrownBy(() -> load("detector.dimensions=process,process-port", "detector.threshold=100",
                "detector.max-values-per-process=16"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detector.max-values-per-process");
    }
}
