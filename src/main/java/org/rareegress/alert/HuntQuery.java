package org.rareegress.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.rareegress.detect.Alert;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.StormAlert;

/**
 * The KQL an analyst pastes into Defender Advanced Hunting or Sentinel to see an alert's evidence: the
 * connections of its process on its devices in its window that the detector's filter keeps, built from the
 * alert's own fields and the filter settings (for a STORM alert, those of the processes it names, per process).
 * Every value from the input is a {@link Kql#string} literal.
 */
public final class HuntQuery {
    static final String COLUMNS = "Timestamp, DeviceId, DeviceName, RemoteIP, RemotePort, InitiatingProcessFileName,"
            + " InitiatingProcessFolderPath, InitiatingProcessMD5, InitiatingProcessSHA256, InitiatingProcessCommandLine";
    static final String STORM_SUMMARY = "Devices = dcount(DeviceId), Connections = count(), FirstSeen = min(Timestamp),"
            + " LastSeen = max(Timestamp), RemoteIPs = make_set(RemoteIPv4, 16), Ports = make_set(RemotePort, 16)";

    private HuntQuery() {
    }

    public static String of(Alert alert, FilterSettings filter) {
        List<String> lines = new ArrayList<>();
        lines.add("DeviceNetworkEvents");
        // The window the alert's facts describe: (WindowStart, WindowEnd].
        lines.add("| where Timestamp > " + Kql.datetime(Instant.parse(alert.windowStart()))
                + " and Timestamp <= " + Kql.datetime(Instant.parse(alert.windowEnd())));
        lines.add("| where InitiatingProcessFileName =~ " + Kql.string(alert.process()));
        // A refined key narrows the evidence to it. An AS number has no column in DeviceNetworkEvents: the
        // alert's RemoteIPs and devices show it instead.
        if (alert.facts().remotePort() != null) {
            lines.add("| where RemotePort == " + alert.facts().remotePort());
        }
        if (alert.facts().sha256() != null) {
            lines.add("| where InitiatingProcessSHA256 =~ " + Kql.string(alert.facts().sha256()));
        }
        if (alert.facts().md5() != null) {
            lines.add("| where InitiatingProcessMD5 =~ " + Kql.string(alert.facts().md5()));
        }
        List<String> devices = alert.facts().devices().stream().map(DeviceSeen::deviceId).toList();
        if (!devices.isEmpty()) {
            lines.add("| where DeviceId in " + Kql.stringList(devices));
        }
        lines.addAll(keptByTheFilter(filter));
        lines.add("| project " + COLUMNS);
        lines.add("| order by Timestamp asc");
        return String.join("\n", lines);
    }

    /**
     * A STORM alert's query: the kept connections of the processes it names (the first {@code Processes}; the
     * others are counted, not named) in its storm window {@code [WindowStart, WindowEnd)}, one line per process,
     * so that an analyst sees what the burst shares (devices, addresses, ports) without one alert per process.
     */
    public static String of(StormAlert storm, FilterSettings filter) {
        List<String> lines = new ArrayList<>();
        lines.add("DeviceNetworkEvents");
        lines.add("| where Timestamp >= " + Kql.datetime(Instant.parse(storm.windowStart()))
                + " and Timestamp < " + Kql.datetime(Instant.parse(storm.windowEnd())));
        lines.add("| where InitiatingProcessFileName in~ " + Kql.stringList(storm.processes()));
        lines.addAll(keptByTheFilter(filter));
        lines.add("| summarize " + STORM_SUMMARY + " by Process = tolower(InitiatingProcessFileName)");
        lines.add("| order by FirstSeen asc");
        return String.join("\n", lines);
    }

    /** The clauses that keep what the detector's filter keeps, from the settings; empty settings add none. */
    private static List<String> keptByTheFilter(FilterSettings filter) {
        List<String> lines = new ArrayList<>();
        lines.add("| where ActionType in " + Kql.stringList(new TreeSet<>(filter.actionTypes()))
                + " and Protocol in " + Kql.stringList(new TreeSet<>(filter.protocols()))
                + " and RemoteIPType in " + Kql.stringList(new TreeSet<>(filter.remoteIpTypes())));
        List<String> remote = new ArrayList<>();
        if (filter.requireEmptyRemoteUrl()) {
            remote.add("isempty(RemoteUrl)");
        }
        if (!filter.excludedPorts().isEmpty()) {
            remote.add("RemotePort !in " + new TreeSet<>(filter.excludedPorts()).stream().map(String::valueOf)
                    .collect(Collectors.joining(", ", "(", ")")));
        }
        if (!remote.isEmpty()) {
            lines.add("| where " + String.join(" and ", remote));
        }
        // The detector reads ::ffff:a.b.c.d as a.b.c.d; any other IPv6 address is out of scope.
        lines.add("| extend RemoteIPv4 = iff(RemoteIP startswith \"::ffff:\", substring(RemoteIP, 7), RemoteIP)");
        String ipv4 = "| where isnotnull(parse_ipv4(RemoteIPv4))";
        if (!filter.excludedNetworks().isEmpty()) {
            ipv4 += " and not(ipv4_is_in_any_range(RemoteIPv4, "
                    + filter.excludedNetworks().cidrs().stream().map(Kql::string).collect(Collectors.joining(", ")) + "))";
        }
        lines.add(ipv4);
        return lines;
    }
}
