package org.rareegress.event;

import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * The candidate filter's clauses, given to a reader so that it can drop a row from its bytes without building the
 * event: exact, case-sensitive sets of accepted {@code Protocol}, {@code ActionType} and {@code RemoteIPType}
 * values, whether {@code RemoteUrl} must be empty, and (the later clauses, when {@code processSuffix} is not null)
 * the excluded IPv4 networks, the process name's suffix and excluded names, and the excluded ports. Whoever knows
 * the filter builds it; a reader knows only these values. A row is dropped this way only when it is valid in every
 * respect the reader checks and its bytes leave no doubt about the clause, so that a bad row still reaches the dead
 * letters with its own reason.
 *
 * @param excludedNetwork whether an IPv4 address (as an int) lies in an excluded network; null for none
 * @param processSuffix   the suffix a process name must end with, any case; null: the later clauses are not given
 * @param excludedProcess a process name it finds anything in is excluded; null for none
 * @param excludedPorts   remote ports that are excluded
 */
public record EarlyDrop(Set<String> protocols, Set<String> actionTypes, Set<String> remoteIpTypes,
                        boolean requireEmptyRemoteUrl, IntPredicate excludedNetwork, String processSuffix,
                        Pattern excludedProcess, Set<Integer> excludedPorts) {

    /**
     * The clause that dropped a row, in the order the filter tries them: the first that fails names it. The first
     * four compare text; the others need a valid address, process name and port.
     */
    public enum Clause {
        PROTOCOL, ACTION_TYPE, REMOTE_IP_TYPE, REMOTE_URL, NOT_IPV4, EXCLUDED_NETWORK, PROCESS_SUFFIX, EXCLUDED_PROCESS,
        EXCLUDED_PORT
    }

    public EarlyDrop {
        protocols = Set.copyOf(protocols);
        actionTypes = Set.copyOf(actionTypes);
        remoteIpTypes = Set.copyOf(remoteIpTypes);
        excludedPorts = excludedPorts == null ? Set.of() : Set.copyOf(excludedPorts);
    }

    /** The first four clauses alone (those that only compare text): rows that pass them are built and judged whole. */
    public EarlyDrop(Set<String> protocols, Set<String> actionTypes, Set<String> remoteIpTypes,
                     boolean requireEmptyRemoteUrl) {
        this(protocols, actionTypes, remoteIpTypes, requireEmptyRemoteUrl, null, null, null, Set.of());
    }

    /** Whether the later clauses are given too. */
    public boolean judgesLaterClauses() {
        return processSuffix != null;
    }
}
