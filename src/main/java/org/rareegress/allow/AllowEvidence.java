package org.rareegress.allow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rareegress.detect.Alert;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.HuntRow;

/**
 * What a rule is matched against: one alert's triggering event, or everything a table row shows. Each field
 * holds every value the output shows (one for an alert, all of a row's evidence); empty when it shows none.
 * A rule's field matches only when every value matches, so a rule never claims to silence what it cannot see.
 *
 * @param atNanos the event time the output speaks for, against which a rule's {@code Expires} is compared
 */
public record AllowEvidence(String process, String dimension, List<String> deviceIds, List<String> deviceNames,
                            List<String> remoteIps, List<Integer> remotePorts, List<String> sha256s, List<String> md5s,
                            List<String> folderPaths, long atNanos) {

    /**
     * The rarity dimension of an output, as its {@code Dimension} field names it (an alert's is its facts'):
     * absent on the seed's rows and alerts, which are of the {@code process} dimension. The key is taken as
     * written, not parsed, so a row of a dimension a newer release adds is matched only by a rule naming it.
     */
    static String dimensionOf(HuntRow facts) {
        return facts.dimension() == null ? Dimension.PROCESS.key() : facts.dimension();
    }

    /** An alert's evidence: its process, its dimension and the event that triggered it. */
    public static AllowEvidence of(Alert alert, long atNanos) {
        Alert.Trigger trigger = alert.trigger();
        if (trigger == null) {
            return of(alert.facts(), atNanos);
        }
        return new AllowEvidence(alert.process(), dimensionOf(alert.facts()), one(trigger.deviceId()),
                one(trigger.deviceName()), one(trigger.remoteIp()), List.of(trigger.remotePort()), one(trigger.sha256()),
                one(trigger.md5()), one(trigger.folderPath()), atNanos);
    }

    /**
     * A row's evidence: every device, remote address, port and MD5 it lists. A row carries no folder path, and
     * only a {@code process-hash} row keyed by a binary carries that binary's SHA256 (or, keyed by an MD5, only
     * that MD5), so a rule naming a SHA256 marks such rows only, and one naming a folder path never marks a row
     * (its alerts are still matched event by event).
     */
    public static AllowEvidence of(HuntRow row, long atNanos) {
        List<String> deviceIds = new ArrayList<>();
        List<String> deviceNames = new ArrayList<>();
        for (DeviceSeen device : row.devices()) {
            deviceIds.add(device.deviceId());
            if (device.deviceName() != null) {
                deviceNames.add(device.deviceName());
            }
        }
        // A name missing from one device leaves the names incomplete: match none rather than the rest.
        List<String> names = deviceNames.size() == deviceIds.size() ? deviceNames : List.of();
        return new AllowEvidence(row.process(), dimensionOf(row), deviceIds, names, nonNull(row.remoteIps()),
                nonNull(row.ports()), one(row.sha256()), md5sOf(row), List.of(), atNanos);
    }

    /** An MD5-keyed hash row is that one MD5, whatever else its evidence lists; any other row, its MD5s. */
    private static List<String> md5sOf(HuntRow row) {
        return row.md5() != null ? List.of(row.md5()) : nonNull(row.hashes());
    }

    private static List<String> one(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value);
    }

    private static <T> List<T> nonNull(List<T> values) {
        return values == null ? Collections.emptyList() : values;
    }
}
