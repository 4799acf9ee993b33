package org.rareegress.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rareegress.config.Settings;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.event.CommandLines;
import org.rareegress.detect.HuntRow;

/**
 * An alert is one Kafka record, and Kafka refuses records over the producer's max.request.size (1 MiB by
 * default): in every format the largest alert the state allows stays under three quarters of it. The ECS and OCSF documents
 * repeat some facts (related.*, evidences, unmapped), so they are measured, not assumed.
 */
class AlertSizeTest {
    private static final int KAFKA_DEFAULT_MAX_REQUEST = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(AlertFormat.class)
    void theLargestAlertTheStateAllowsFitsAKafkaRecordInEveryFormat(AlertFormat format) {
        byte[] encoded = new AlertEncoder(format, Settings.defaults().filter()).encode(largest());

        // Measured: native 0.45 MB, ECS 0.54 MB, OCSF 0.56 MB.
        assertThat(encoded.length).isLessThan(KAFKA_DEFAULT_MAX_REQUEST * 3 / 4);
    }

    /** Every string at its longest in 3-byte UTF-8: 100 devices, 128 of each evidence, a 32,767-character command line. */
    private static Alert largest() {
        String wide = "\u20ac";
        List<DeviceSeen> devices = new ArrayList<>();
        for (int i = 0; i < DetectorSettings.MAX_THRESHOLD; i++) {
            devices.add(new DeviceSeen(pad(i, 256, wide), pad(i, 256, wide), "2024-06-01T08:00:00.123456789Z"));
        }
        List<String> hashes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < DetectorSettings.MAX_EVIDENCE_CAP; i++) {
            hashes.add(String.format("%032x", i));
            ports.add(1024 + i);
            ips.add("203.0." + (i / 250) + "." + (i % 250));
        }
        String process = wide.repeat(256) + ".exe";
        String commandLine = wide.repeat(32_767);
        HuntRow facts = new HuntRow(process.toLowerCase(), devices.size(), hashes, CommandLines.cut(commandLine),
                ips.get(0), ports, wide.repeat(64), "GB", 4_294_967_295L, wide.repeat(256), devices, ips,
                "2024-05-01T08:00:00.123456789Z", "2024-06-01T08:00:00.123456789Z", true, DetectorSettings.MAX_THRESHOLD);
        DeviceSeen last = devices.get(devices.size() - 1);
        Alert.Trigger trigger = new Alert.Trigger(List.of("Device", "Hash", "Port"), "2024-06-01T08:00:00.123456789Z",
                last.deviceId(), last.deviceName(), ips.get(0), 4444, process, hashes.get(0), "f".repeat(64), commandLine,
                "c:\\" + wide.repeat(32_000) + "\\" + process);
        return new Alert("39197000-709e-5afc-9143-cf364f96cfe6", AlertType.UPDATED, facts, "2024-06-01T08:00:00.123456789Z",
                "2024-06-01T08:00:00.123456789Z", "2024-05-02T08:00:00.123456789Z", "2024-06-01T08:00:00.123456789Z",
                trigger, new Alert.Source("t".repeat(249), 0, Long.MAX_VALUE, null, null, 7));
    }

    private static String pad(int i, int length, String filler) {
        String prefix = String.valueOf(i);
        return prefix + filler.repeat(length - prefix.length());
    }
}
