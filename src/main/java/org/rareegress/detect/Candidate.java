package org.rareegress.detect;

import org.rareegress.event.NetworkEvent;
import org.rareegress.event.SourceRef;

/**
 * A kept event, reduced to what the prevalence state and the alerts use. This is what crosses the
 * repartition topic, keyed by {@link EgressFilter#processKey}.
 *
 * @param remoteIpv4 big-endian IPv4 address
 */
public record Candidate(long timestampNanos, String deviceId, String deviceName, int remoteIpv4, int remotePort,
                        String processFileName, String md5, String sha256, String commandLine, String folderPath,
                        SourceRef source) {

    public static Candidate of(NetworkEvent event) {
        return new Candidate(event.timestampNanos(), event.deviceId(), event.deviceName(), event.remoteIpv4(),
                event.remotePort(), event.processFileName(), emptyToNull(event.md5()), emptyToNull(event.sha256()),
                emptyToNull(event.commandLine()), emptyToNull(event.folderPath()), event.source());
    }

    public String processKey() {
        return EgressFilter.processKey(processFileName);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
