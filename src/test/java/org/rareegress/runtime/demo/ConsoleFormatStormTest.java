package org.rareegress.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.StormAlert;

class ConsoleFormatStormTest {

    @Test
    void showsAStormAlertAsItsCountWindowAndNames() throws Exception {
        StormAlert storm = new StormAlert("id", AlertType.STORM, "2024-05-01T00:01:03Z", "2024-05-01T00:01:09Z",
                "2024-05-01T00:00:00Z", "2024-05-01T00:10:00Z", 3, 7, List.of("a.exe", "b.exe"));

        String line = ConsoleFormat.alert(OutputJson.mapper().readTree(OutputJson.toBytes(storm)));

        assertThat(line).isEqualTo("STORM          2024-05-01T00:01  7 NEW_RARE suppressed in 2024-05-01T00:00:00Z .."
                + " 2024-05-01T00:10:00Z (over 3): a.exe,b.exe");
    }
}
