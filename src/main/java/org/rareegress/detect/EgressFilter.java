package org.rareegress.detect;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RemoteAddressKind;

/**
 * The stateless candidate filter of the seed hunt, every clause configurable. Clauses run
 * cheapest first and the first that fails names the drop reason. String comparisons are exact
 * and case-sensitive, like KQL's {@code ==}; the process suffix is case-insensitive like {@code endswith}.
 */
public final class EgressFilter {
    private final Set<String> protocols;
    private final Set<String> actionTypes;
    private final Set<String> remoteIpTypes;
    private final boolean requireEmptyRemoteUrl;
    private final Ipv4Ranges excludedNetworks;
    private final String processSuffix;
    private final Pattern excludedProcess;
    private final boolean[] excludedPort = new boolean[65536];

    public EgressFilter(FilterSettings settings) {
        this.protocols = settings.protocols();
        this.actionTypes = settings.actionTypes();
        this.remoteIpTypes = settings.remoteIpTypes();
        this.requireEmptyRemoteUrl = settings.requireEmptyRemoteUrl();
        this.excludedNetworks = settings.excludedNetworks();
        this.processSuffix = settings.processSuffix();
        this.excludedProcess = settings.excludedProcessRegex();
        settings.excludedPorts().forEach(port -> excludedPort[port] = true);
    }

    public FilterOutcome evaluate(NetworkEvent event) {
        if (event.protocol() == null || !protocols.contains(event.protocol())) {
            return FilterOutcome.PROTOCOL;
        }
        if (event.actionType() == null || !actionTypes.contains(event.actionType())) {
            return FilterOutcome.ACTION_TYPE;
        }
        if (event.remoteIpType() == null || !remoteIpTypes.contains(event.remoteIpType())) {
            return FilterOutcome.REMOTE_IP_TYPE;
        }
        if (requireEmptyRemoteUrl && event.remoteUrl() != null && !event.remoteUrl().isEmpty()) {
            return FilterOutcome.REMOTE_URL;
        }
        // A missing field rejects the event only if no clause that can still be judged drops it:
        // a browser's or a web port's event without RemoteIP is not a candidate, so not a dead letter.
        FilterOutcome missing = null;
        if (event.remoteAddressKind() == RemoteAddressKind.ABSENT) {
            missing = FilterOutcome.MISSING_REMOTE_IP;
        } else if (!event.hasIpv4()) {
            return FilterOutcome.NOT_IPV4;
        } else if (excludedNetworks.contains(event.remoteIpv4())) {
            return FilterOutcome.EXCLUDED_NETWORK;
        }
        String process = event.processFileName();
        if (process == null || process.isEmpty()) {
            missing = missing == null ? FilterOutcome.MISSING_PROCESS : missing;
        } else if (!endsWithIgnoreCase(process, processSuffix)) {
            return FilterOutcome.PROCESS_SUFFIX;
        } else if (excludedProcess != null && excludedProcess.matcher(process).find()) {
            return FilterOutcome.EXCLUDED_PROCESS;
        }
        if (event.remotePort() < 0) {
            missing = missing == null ? FilterOutcome.MISSING_PORT : missing;
        } else if (excludedPort[event.remotePort()]) {
            return FilterOutcome.EXCLUDED_PORT;
        }
        return missing == null ? FilterOutcome.KEPT : missing;
    }

    /** The clauses a reader may drop rows by before building events: every one (see {@link EarlyDrop}). */
    public static EarlyDrop earlyDrop(FilterSettings settings) {
        Ipv4Ranges networks = settings.excludedNetworks();
        return new EarlyDrop(settings.protocols(), settings.actionTypes(), settings.remoteIpTypes(),
                settings.requireEmptyRemoteUrl(), networks.isEmpty() ? null : networks::contains, settings.processSuffix(),
                settings.excludedProcessRegex(), settings.excludedPorts());
    }

    /** What {@link #evaluate} says of a valid event that {@code clause} drops: it tries them in this order. */
    public static FilterOutcome outcome(EarlyDrop.Clause clause) {
        return switch (clause) {
            case PROTOCOL -> FilterOutcome.PROTOCOL;
            case ACTION_TYPE -> FilterOutcome.ACTION_TYPE;
            case REMOTE_IP_TYPE -> FilterOutcome.REMOTE_IP_TYPE;
            case REMOTE_URL -> FilterOutcome.REMOTE_URL;
            case NOT_IPV4 -> FilterOutcome.NOT_IPV4;
            case EXCLUDED_NETWORK -> FilterOutcome.EXCLUDED_NETWORK;
            case PROCESS_SUFFIX -> FilterOutcome.PROCESS_SUFFIX;
            case EXCLUDED_PROCESS -> FilterOutcome.EXCLUDED_PROCESS;
            case EXCLUDED_PORT -> FilterOutcome.EXCLUDED_PORT;
        };
    }

    /** The key that groups a process's events: its file name, lower-cased as the seed's {@code tolower}. */
    public static String processKey(String processFileName) {
        return processFileName.toLowerCase(Locale.ROOT);
    }

    private static boolean endsWithIgnoreCase(String text, String suffix) {
        return text.regionMatches(true, text.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
