package org.rareegress.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The hunt table from the copies Kafka Streams lets an instance read when active stores cannot be read:
 * every partition this instance holds, active, restoring or standby ("stale stores"), then the partitions
 * it lacks from the instances that hold them ({@link StaleSources}), asked for exactly those. The snapshot
 * says it is stale, and why.
 */
final class StaleTable {
    private final KafkaStreams streams;
    private final LocalHuntTable local;
    private final HostInfo self;
    private final long maxBytes;
    private final PeerParts peers;
    private final Clock clock;

    StaleTable(KafkaStreams streams, LocalHuntTable local, HostInfo self, long maxBytes, PeerParts peers, Clock clock) {
        this.streams = streams;
        this.local = local;
        this.self = self;
        this.maxBytes = maxBytes;
        this.peers = peers;
        this.clock = clock;
    }

    /**
     * @param why        what kept the active stores from answering, for the snapshot's stale note
     * @param partitions how many partitions the table has ({@link StatefulPartitionCount#UNKNOWN} if unknown)
     * @return the partitions it covers may still be fewer than the table's: the caller checks
     * @throws HuntTableEndpoint.PeerUnavailableException when a missing partition has no copy anywhere or
     *                                                    its holder does not answer
     */
    TableSnapshot build(String why, int partitions) throws HuntTableEndpoint.PeerUnavailableException {
        if (partitions == StatefulPartitionCount.UNKNOWN) {
            throw new HuntTableEndpoint.PeerUnavailableException("the table's partition count is not known");
        }
        BoundedRows rows = new BoundedRows(maxBytes);
        Set<Integer> covered = new TreeSet<>();
        boolean cut = false;
        for (int partition : local.heldPartitions()) {
            // One partition at a time, kept only when read to its end: one that cannot be read here is asked for.
            BoundedRows part = new BoundedRows(maxBytes);
            try {
                local.scan(row -> part.add(TableRow.of(row)), Set.of(partition), true);
            } catch (InvalidStateStoreException notHere) {
                continue;
            }
            List<TableRow> read = part.snapshot(Set.of(partition), clock.instant(), "").rows();
            read.forEach(rows::add);
            if (part.dropped() > 0) {
                // Its rows beyond the budget are missing between the others': serve the table's beginning only.
                rows.dropAfter(read.isEmpty() ? TableRow.Key.FIRST : read.get(read.size() - 1).key());
                cut = true;
            }
            covered.add(partition);
        }
        List<String> notes = new ArrayList<>();
        if (cut || rows.dropped() > 0) {
            notes.add(HuntTableEndpoint.overBudget(rows, maxBytes) + " on this instance");
        }
        Set<Integer> missing = new TreeSet<>();
        for (int partition = 0; partition < partitions; partition++) {
            if (!covered.contains(partition)) {
                missing.add(partition);
            }
        }
        if (!missing.isEmpty()) {
            Map<HostInfo, Set<Integer>> asks = StaleSources.plan(missing, otherInstances());
            PeerParts.Gathered gathered = peers.read(asks, rows, true);
            covered.addAll(gathered.partitions());
            notes.addAll(gathered.cuts());
        }
        return rows.snapshot(covered, clock.instant(), String.join("; ", notes))
                .markedStale("read from standby or restoring stores, which may trail the newest events, because " + why);
    }

    /** Every other instance with the hunt table's partitions it holds (active and standby). */
    private List<Assignment.Instance> otherInstances() {
        if (self == null) {
            return List.of();
        }
        return new Assignment(streams, self).instances(-1).stream().filter(instance -> !instance.self()).toList();
    }
}
