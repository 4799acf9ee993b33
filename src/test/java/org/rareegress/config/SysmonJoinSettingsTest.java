package org.rareegress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rareegress.event.InputSettings;

/** The two keys that bound the Sysmon process join. */
class SysmonJoinSettingsTest {

    @Test
    void defaultsToSevenDaysAndAMillionProcesses() {
        InputSettings input = Settings.defaults().input();

        assertThat(input.sysmonProcessTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(input.sysmonProcessMaxEntries()).isEqualTo(1_000_000);
    }

    @Test
    void takesBothFromTheEnvironment() {
        Settings settings = SettingsLoader.load(null, Map.of("RARE_EGRESS_INPUT_SYSMON_PROCESS_TTL", "PT12H",
                "RARE_EGRESS_INPUT_SYSMON_PROCESS_MAX_ENTRIES", "5000"), List.of());

        assertThat(settings.input().sysmonProcessTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(settings.input().sysmonProcessMaxEntries()).isEqualTo(5000);
    }

    @Test
    void rejectsAZeroTtl() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), List.of("input.sysmon-process-ttl=PT0S")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("input.sysmon-process-ttl");
    }

    @Test
    void rejectsATtlOfMoreThanTenYears() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), List.of("input.sysmon-process-ttl=P3651D")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be at most P3650D");
    }

    @Test
    void rejectsAZeroSizeCap() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), List.of("input.sysmon-process-max-entries=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("input.sysmon-process-max-entries");
    }
}
