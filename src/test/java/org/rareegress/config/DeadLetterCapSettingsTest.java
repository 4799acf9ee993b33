package org.rareegress.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rareegress.event.InputSettings;

/** input.max-dead-letters-per-record: how many dead letters one input record may write. */
class DeadLetterCapSettingsTest {

    @Test
    void defaultsToAHundred() {
        InputSettings input = Settings.defaults().input();

        assertThat(input.maxDeadLettersPerRecord()).isEqualTo(100);
        assertThat(input.maxDeadLettersPerRecord()).isEqualTo(InputSettings.DEFAULT_MAX_DEAD_LETTERS_PER_RECORD);
    }

    @Test
    void takesItFromTheEnvironmentAndFromSet() {
        Settings fromEnvironment = SettingsLoader.load(null,
                Map.of("RARE_EGRESS_INPUT_MAX_DEAD_LETTERS_PER_RECORD", "7"), List.of());
        Settings fromSet = SettingsLoader.load(null, Map.of(), List.of("input.max-dead-letters-per-record=1"));

        assertThat(fromEnvironment.input().maxDeadLettersPerRecord()).isEqualTo(7);
        assertThat(fromSet.input().maxDeadLettersPerRecord()).isEqualTo(1);
    }
}
