package org.rareegress.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rareegress.codec.OutputJson;

/** The demo's alert line names a refined dimension and its key, so a reverse shell reads as one. */
class ConsoleFormatDimensionTest {
    private static final String COMMON = "\"AlertType\":\"NEW_RARE\",\"DetectedAt\":\"2024-05-29T12:08:29Z\","
            + "\"DeviceCount\":1,\"Devices\":[{\"DeviceId\":\"d1\",\"DeviceName\":\"wks-1\"}],\"Ports\":[4444],"
            + "\"Trigger\":{\"New\":[\"Process\"],\"RemoteIP\":\"185.141.3.4\",\"RemotePort\":4444},";

    @Test
    void aProcessPortAlertShowsItsDimensionAndPort() throws Exception {
        String line = line("{" + COMMON + "\"InitiatingProcessFileName\":\"powershell.exe\",\"Dimension\":\"process-port\","
                + "\"RemotePort\":4444}");

        assertThat(line).contains("powershell.exe [process-port 4444] on 1 device(s) [wks-1] -> 185.141.3.4:4444");
    }

    @Test
    void aProcessHashAlertShowsTheStartOfItsSha256() throws Exception {
        String line = line("{" + COMMON + "\"InitiatingProcessFileName\":\"onedrive.exe\",\"Dimension\":\"process-hash\","
                + "\"SHA256\":\"" + "7cc91bee92cf".repeat(5) + "abcd\"}");

        assertThat(line).contains("onedrive.exe [process-hash 7cc91bee9...]");
    }

    @Test
    void aSeedAlertShowsItsProcessAlone() throws Exception {
        String line = line("{" + COMMON + "\"InitiatingProcessFileName\":\"winsvchost.exe\"}");

        assertThat(line).contains("winsvchost.exe         on 1 device(s)").doesNotContain("[process");
    }

    private static String line(String json) throws Exception {
        return ConsoleFormat.alert(OutputJson.mapper().readTree(json));
    }
}
