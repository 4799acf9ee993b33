package org.rareegress.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance to ask for each partition of the hunt table this one holds no copy of, when the table is
 * gathered from stale stores: an instance whose copy is active (most current) before one whose copy is a
 * standby, and among equals the one already asked for most, so that as few instances as possible are asked.
 */
final class StaleSources {
    private StaleSources() {
    }

    /**
     * @throws HuntTableEndpoint.PeerUnavailableException when a partition has no copy on any instance
     */
    static Map<HostInfo, Set<Integer>> plan(Set<Integer> missing, Collection<Assignment.Instance> others)
            throws HuntTableEndpoint.PeerUnavailableException {
        Map<HostInfo, Set<Integer>> asks = new LinkedHashMap<>();
        Set<Integer> nowhere = new TreeSet<>();
        for (int partition : missing) {
            Assignment.Instance chosen = best(partition, others, true, asks);
            if (chosen == null) {
                chosen = best(partition, others, false, asks);
            }
            if (chosen == null) {
                nowhere.add(partition);
            } else {
                asks.computeIfAbsent(chosen.address(), host -> new TreeSet<>()).add(partition);
            }
        }
        if (!nowhere.isEmpty()) {
            throw new HuntTableEndpoint.PeerUnavailableException("partitions " + nowhere
                    + " of the table have no copy on any instance (a rebalance is under way?): retry");
        }
        return asks;
    }

    private static Assignment.Instance best(int partition, Collection<Assignment.Instance> others, boolean active,
                                            Map<HostInfo, Set<Integer>> asks) {
        Assignment.Instance best = null;
        for (Assignment.Instance instance : others) {
            Set<Integer> held = active ? instance.active() : instance.standby();
            if (instance.address() != null && held.contains(partition)
                    && (best == null || asked(asks, instance) > asked(asks, best))) {
                best = instance;
            }
        }
        return best;
    }

    private static int asked(Map<HostInfo, Set<Integer>> asks, Assignment.Instance instance) {
        return asks.getOrDefault(instance.address(), Set.of()).size();
    }
}
