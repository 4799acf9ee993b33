package org.rareegress.allow;

import java.util.List;
import java.util.function.Predicate;
import org.rareegress.detect.Ipv4Ranges;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.RemoteAddressKind;

/**
 * One allowlist rule, validated ({@link AllowRules#parse}). Every matching field it names must match the evidence;
 * those it leaves out (null) match anything. Names compare ignoring case (Windows file and host names, hex
 * hashes); a rule past its {@code Expires} matches nothing.
 *
 * @param expiresNanos event time (ns) from which the rule no longer matches; {@link Long#MAX_VALUE} when it never expires
 */
public record AllowRule(String ruleId, String process, String sha256, String md5, FolderGlob folderPath,
                        Ipv4Ranges remoteNetwork, Integer remotePort, String dimension, String deviceId,
                        String deviceName, String reason, String owner, String expires, long expiresNanos) {

    /** Whether this rule silences an output with this evidence at the evidence's event time. */
    public boolean matches(AllowEvidence evidence) {
        return evidence.atNanos() < expiresNanos
                && (process == null || process.equalsIgnoreCase(evidence.process()))
                && (dimension == null || dimension.equals(evidence.dimension()))
                && all(deviceId, evidence.deviceIds())
                && all(deviceName, evidence.deviceNames())
                && all(sha256, evidence.sha256s())
                && all(md5, evidence.md5s())
                && (remotePort == null || allOf(evidence.remotePorts(), remotePort::equals))
                && (remoteNetwork == null || allOf(evidence.remoteIps(), this::inRemoteNetwork))
                && (folderPath == null || allOf(evidence.folderPaths(), folderPath::matches));
    }

    private static boolean all(String wanted, List<String> values) {
        return wanted == null || allOf(values, wanted::equalsIgnoreCase);
    }

    /** Every value matches, and there is at least one: evidence an output does not show matches no rule. */
    private static <T> boolean allOf(List<T> values, Predicate<T> matches) {
        if (values.isEmpty()) {
            return false;
        }
        for (T value : values) {
            if (value == null || !matches.test(value)) {
                return false;
            }
        }
        return true;
    }

    private boolean inRemoteNetwork(String ip) {
        try {
            IpAddresses.Parsed parsed = IpAddresses.parse(ip);
            return (parsed.kind() == RemoteAddressKind.IPV4 || parsed.kind() == RemoteAddressKind.IPV4_MAPPED)
                    && remoteNetwork.contains(parsed.ipv4());
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    /** The rule as one JSON object, fields in the contract's order, only those it has: what the topic holds. */
    public String toJson() {
        return AllowRules.toJson(this);
    }
}
