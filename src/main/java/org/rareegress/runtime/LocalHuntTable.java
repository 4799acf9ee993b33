package org.rareegress.runtime;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rareegress.detect.HuntRow;
import org.rareegress.topology.HuntTableView;
import org.rareegress.topology.Names;

/**
 * The hunt-table rows held by this instance: for every active task of the stateful sub-topology,
 * its process store evaluated at that task's own stream time (each task has its own clock).
 */
final class LocalHuntTable {
    private final KafkaStreams streams;
    private final HuntTableView view;
    private final int statefulSubtopology;

    LocalHuntTable(KafkaStreams streams, HuntTableView view, int statefulSubtopology) {
        this.streams = streams;
        this.view = view;
        this.statefulSubtopology = statefulSubtopology;
    }

    /** @throws InvalidStateStoreException while stores are not queryable (rebalancing, restoring) */
    List<HuntRow> rows() {
        List<HuntRow> rows = new ArrayList<>();
        for (int partition : statefulPartitions()) {
            Long streamTime = clock(partition).get(Names.STREAM_TIME_KEY);
            if (streamTime != null) {
                rows.addAll(view.rows(processes(partition), streamTime));
            }
        }
        return rows;
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
        List<Integer> partitions = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                if (task.taskId().subtopology() == statefulSubtopology) {
                    partitions.add(task.taskId().partition());
                }
            }
        }
        return partitions;
    }

    private ReadOnlyKeyValueStore<String, byte[]> processes(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(Names.PROCESS_PREVALENCE_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition));
    }

    private ReadOnlyKeyValueStore<String, Long> clock(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(Names.TASK_CLOCK_STORE,
                QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(partition));
    }
}
