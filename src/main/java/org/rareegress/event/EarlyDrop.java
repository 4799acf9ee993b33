package org.rareegress.event;

import java.util.Set;

/**
 * The first, cheapest clauses of the candidate filter, given to a reader so that it can drop a row from its
 * bytes without building the event: exact, case-sensitive sets of accepted {@code Protocol}, {@code ActionType}
 * and {@code RemoteIPType} values, and whether {@code RemoteUrl} must be empty. Whoever knows the filter builds
 * it; a reader knows only these values. A row is dropped this way only when it is valid in every respect the
 * reader checks, so that a bad row still reaches the dead letters with its own reason.
 */
public record EarlyDrop(Set<String> protocols, Set<String> actionTypes, Set<String> remoteIpTypes,
                        boolean requireEmptyRemoteUrl) {

    /** The clause that dropped a row, in the order the filter tries them: the first that fails names it. */
    public enum Clause { PROTOCOL, ACTION_TYPE, REMOTE_IP_TYPE, REMOTE_URL }

    public EarlyDrop {
        protocols = Set.copyOf(protocols);
        actionTypes = Set.copyOf(actionTypes);
        remoteIpTypes = Set.copyOf(remoteIpTypes);
    }
}
