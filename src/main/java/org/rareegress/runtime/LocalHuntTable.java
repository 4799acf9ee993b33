package org.rareegress.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rareegress.allow.AllowEvidence;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.Allowlist;
import org.rareegress.detect.HuntRow;
import org.rareegress.event.Timestamps;
import org.rareegress.topology.AllowlistView;
import org.rareegress.topology.DetectorMetrics;
import org.rareegress.topology.HuntTableView;
import org.rareegress.topology.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hunt-table rows held by this instance: for every active task of the stateful sub-topology,
 * its process store evaluated at that task's own stream time (each task has its own clock).
 */
final class LocalHuntTable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHuntTable.class);

    private final KafkaStreams streams;
    private final HuntTableView view;
    private final int statefulSubtopology;
    private final DetectorMetrics metrics;
    private final AllowlistView allowlistView = new AllowlistView();

    LocalHuntTable(KafkaStreams streams, HuntTableView view, int statefulSubtopology, DetectorMetrics metrics) {
        this.streams = streams;
        this.view = view;
        this.statefulSubtopology = statefulSubtopology;
        this.metrics = metrics;
    }

    /**
     * Hands every row of this instance to {@code sink}, one at a time, and returns the partitions read.
     *
     * @throws InvalidStateStoreException while stores are not queryable (rebalancing, restoring)
     */
    Set<Integer> scan(Consumer<HuntRow> sink) {
        return scan(sink, new TreeSet<>(statefulPartitions()), false);
    }

    /**
     * As {@link #scan(Consumer)}, for the given partitions; {@code stale} lets Kafka Streams answer from
     * standby copies and from active stores still restoring (what it calls stale stores), which trail
     * their changelogs a little.
     *
     * @throws InvalidStateStoreException when a partition's store is not here or not queryable
     */
    Set<Integer> scan(Consumer<HuntRow> sink, Set<Integer> partitions, boolean stale) {
        Consumer<HuntRow> marked = marking(sink, stale);
        for (int partition : partitions) {
            Long streamTime = clock(partition, stale).get(Names.STREAM_TIME_KEY);
            if (streamTime != null) {
                view.forEachRow(processes(partition, stale), streamTime, marked, this::skip);
            }
        }
        return partitions;
    }

    /** Marks each row an allowlist rule silences, as apply-allowlist marks the rows of the table topic (at LastSeen). */
    private Consumer<HuntRow> marking(Consumer<HuntRow> sink, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> rules = StoreQueryParameters.fromNameAndType(
                Names.ALLOWLIST_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore());
        // The stale table is read while tasks restore; the global store of rules is then read the same way.
        Allowlist allowlist = allowlistView.current(streams.store(stale ? rules.enableStaleStores() : rules));
        if (allowlist.isEmpty()) {
            return sink;
        }
        return row -> sink.accept(row.withAllowlistedBy(allowlist.firstMatch(
                AllowEvidence.of(row, Timestamps.parseNanos(row.lastSeen()))).map(AllowRule::ruleId).orElse(null)));
    }

    /**
     * As the processor does (topology's ProcessStates), a state that cannot be decoded costs its own row,
     * loudly and counted, not the whole table on every instance. The store is read-only here: the processor
     * discards the state when its process is next seen, so until then each rebuild counts it again.
     */
    private void skip(String process, IllegalStateException e) {
        LOG.error("The stored state of {} cannot be decoded; its row is left out of the hunt table: {}",
                process.replaceAll("\\p{Cntrl}", "?"), e.getMessage());
        metrics.countStateDiscarded();
    }

    /** How many processes this instance tracks (approximate: RocksDB's estimate). */
    long trackedProcesses() {
        long total = 0;
        for (int partition : statefulPartitions()) {
            total += processes(partition).approximateNumEntries();
        }
        return total;
    }

    /** Partitions of the stateful sub-topology this instance serves now (its active tasks). */
    List<Integer> statefulPartitions() {
        return partitions(false);
    }

    /** Partitions of the stateful sub-topology this instance holds a copy of: its active and standby tasks. */
    Set<Integer> heldPartitions() {
        Set<Integer> held = new TreeSet<>(partitions(false));
        held.addAll(partitions(true));
        return held;
    }

    private List<Integer> partitions(boolean standby) {
        List<Integer> partitions = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : standby ? thread.standbyTasks() : thread.activeTasks()) {
                if (task.taskId().subtopology() == statefulSubtopology) {
                    partitions.add(task.taskId().partition());
                }
            }
        }
        return partitions;
    }

    private ReadOnlyKeyValueStore<String, byte[]> processes(int partition) {
        return processes(partition, false);
    }

    private ReadOnlyKeyValueStore<String, byte[]> processes(int partition, boolean stale) {
        return streams.store(parameters(StoreQueryParameters.fromNameAndType(Names.PROCESS_PREVALENCE_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition), stale));
    }

    private ReadOnlyKeyValueStore<String, Long> clock(int partition, boolean stale) {
        return streams.store(parameters(StoreQueryParameters.fromNameAndType(Names.TASK_CLOCK_STORE,
                QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(partition), stale));
    }

    private static <T> StoreQueryParameters<T> parameters(StoreQueryParameters<T> parameters, boolean stale) {
        return stale ? parameters.enableStaleStores() : parameters;
    }
}
