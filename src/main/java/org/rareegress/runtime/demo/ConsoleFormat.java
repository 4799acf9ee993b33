package org.rareegress.runtime.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.rareegress.detect.HuntRow;

/** How the demo shows alerts and the hunt table to a person at a terminal. */
final class ConsoleFormat {
    private ConsoleFormat() {
    }

    /** One line: type, process, devices, where it connects, what was new. */
    static String alert(JsonNode alert) {
        if (alert.path("AlertType").asText().equals("STORM")) {
            return String.format(Locale.ROOT, "%-14s %s  %d NEW_RARE suppressed in %s .. %s (over %d): %s", "STORM",
                    alert.path("DetectedAt").asText().substring(0, 16), alert.path("Suppressed").asLong(),
                    alert.path("WindowStart").asText(), alert.path("WindowEnd").asText(),
                    alert.path("StormThreshold").asInt(), join(alert.path("Processes")));
        }
        JsonNode trigger = alert.path("Trigger");
        List<String> devices = new ArrayList<>();
        alert.path("Devices").forEach(d -> devices.add(d.path("DeviceName").isNull() || d.path("DeviceName").isMissingNode()
                ? d.path("DeviceId").asText() : d.path("DeviceName").asText()));
        String country = alert.path("RemoteIP_country").isTextual() ? " (" + alert.path("RemoteIP_country").asText() + ")" : "";
        return String.format(Locale.ROOT, "%-14s %s  %-22s on %d device(s) [%s] -> %s:%s%s  new: %s  ports %s",
                alert.path("AlertType").asText(), alert.path("DetectedAt").asText().substring(0, 16),
                name(alert), alert.path("DeviceCount").asInt(),
                String.join(", ", devices), trigger.path("RemoteIP").asText(), trigger.path("RemotePort").asText(),
                country, join(trigger.path("New")), join(alert.path("Ports")));
    }

    static String table(List<HuntRow> rows) {
        if (rows.isEmpty()) {
            return "  (no rare process)";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "  %-24s %7s  %-18s %-28s %-16s %s%n",
                "InitiatingProcessFileName", "Devices", "SampleRemoteIP", "Ports", "Country", "SampleProcess"));
        for (HuntRow row : rows) {
            String ports = row.ports().stream().map(String::valueOf).collect(Collectors.joining(","));
            text.append(String.format(Locale.ROOT, "  %-24s %7d  %-18s %-28s %-16s %s%n", name(row), row.deviceCount(),
                    row.sampleRemoteIp(), abbreviate(ports, 28), row.remoteIpCountry() == null ? "-" : row.remoteIpCountry(),
                    abbreviate(row.sampleProcess() == null ? "" : row.sampleProcess(), 60)));
        }
        return text.toString();
    }

    /** The process, and for a row of a refined dimension which one and its key (or that it is not informative). */
    private static String name(HuntRow row) {
        if (row.dimension() == null) {
            return row.process();
        }
        String key = row.refinedValue() == null ? "not informative" : row.refinedValue();
        return row.process() + " [" + row.dimension() + " " + abbreviate(key, 12) + "]";
    }

    /** An alert's process, and for a refined dimension which one and its key, as {@link #name(HuntRow)} shows rows. */
    private static String name(JsonNode alert) {
        String process = alert.path("InitiatingProcessFileName").asText();
        if (!alert.hasNonNull("Dimension")) {
            return process;
        }
        String key = "";
        for (String field : List.of("RemotePort", "SHA256", "MD5", "ASN")) {
            if (alert.hasNonNull(field)) {
                key = " " + abbreviate(alert.get(field).asText(), 12);
                break;
            }
        }
        return process + " [" + alert.get("Dimension").asText() + key + "]";
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(",", items);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
