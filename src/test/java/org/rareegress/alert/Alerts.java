package org.rareegress.alert;

import java.util.ArrayList;
import java.util.List;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.StormAlert;

/** Alerts built by hand, for the tests of what is derived from an alert alone. */
final class Alerts {
    static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";

    private Alerts() {
    }

    /** An alert of {@code process} on devices d1..dN, with a trigger on the last device. */
    static Alert alert(AlertType type, String process, int devices, int threshold, String... newFacts) {
        List<DeviceSeen> seen = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            seen.add(new DeviceSeen("d" + i, "host" + i + ".contoso.local", "2024-06-01T08:00:00Z"));
        }
        return alert(type, process, seen, threshold, newFacts);
    }

    static Alert alert(AlertType type, String process, List<DeviceSeen> devices, int threshold, String... newFacts) {
        DeviceSeen last = devices.get(devices.size() - 1);
        HuntRow facts = new HuntRow(process, devices.size(), List.of(MD5), "tool.exe -c", "185.100.87.2", List.of(4444),
                null, null, null, null, devices, List.of("185.100.87.2"), "2024-06-01T07:00:00Z",
                "2024-06-01T08:00:00.123456789Z", false, threshold);
        Alert.Trigger trigger = new Alert.Trigger(List.of(newFacts), "2024-06-01T08:00:00.123456789Z", last.deviceId(),
                last.deviceName(), "185.100.87.2", 4444, process, MD5, null, "tool.exe -c", "c:\\temp\\" + process);
        return new Alert("39197000-709e-5afc-9143-cf364f96cfe6", type, facts, "2024-06-01T08:00:00.123456789Z", null,
                "2024-05-02T08:00:00.123456789Z", "2024-06-01T08:00:00.123456789Z", trigger, null);
    }

    /** A STORM alert of the storm window 08:00 to 08:10 that suppressed {@code suppressed} NEW_RARE, naming {@code names}. */
    static StormAlert storm(long suppressed, String... names) {
        return new StormAlert("7d3c1f0e-5b2a-5c4d-8e9f-0a1b2c3d4e5f", AlertType.STORM, "2024-06-01T08:01:00.5Z",
                "2024-06-01T08:09:59Z", "2024-06-01T08:00:00Z", "2024-06-01T08:10:00Z", 200, suppressed, List.of(names));
    }
}
