package org.rareegress.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.rareegress.topology.Names;

/**
 * Who holds what, as Kafka Streams' metadata says: this instance's active and standby tasks, and every
 * instance's active and standby partitions of the stateful sub-topology (the hunt table's partitions).
 * Read on demand; the metadata is in memory, so this costs no request to the brokers.
 */
final class Assignment {
    private static final String REPARTITION_SUFFIX = "-" + Names.REPARTITION_BY_PROCESS + "-repartition";

    private final KafkaStreams streams;
    private final HostInfo self;

    /** One instance and its stateful partitions; {@code host} is "this instance" without application.server. */
    record Instance(String host, boolean self, Set<Integer> active, Set<Integer> standby, HostInfo address) {
    }

    /** @param self this instance's {@code application.server}, or null when it has none */
    Assignment(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    List<String> activeTasks() {
        List<String> tasks = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> tasks.add(task.taskId().toString()));
        }
        return tasks.stream().sorted().toList();
    }

    List<String> standbyTasks() {
        List<String> tasks = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.standbyTasks().forEach(task -> tasks.add(task.taskId().toString()));
        }
        return tasks.stream().sorted().toList();
    }

    /**
     * Every instance of the application. Without {@code application.server} Kafka Streams shares no
     * addresses, so the list is this instance alone, from its own tasks.
     */
    List<Instance> instances(int statefulSubtopology) {
        List<Instance> instances = new ArrayList<>();
        if (self != null) {
            for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
                HostInfo host = metadata.hostInfo();
                instances.add(new Instance(host.host() + ":" + host.port(), host.equals(self),
                        stateful(metadata.topicPartitions()), stateful(metadata.standbyTopicPartitions()), host));
            }
        }
        if (instances.stream().noneMatch(Instance::self)) {
            instances.add(new Instance(self == null ? "this instance" : self.host() + ":" + self.port(), true,
                    localPartitions(statefulSubtopology, false), localPartitions(statefulSubtopology, true), self));
        }
        instances.sort(java.util.Comparator.comparing(Instance::host));
        return instances;
    }

    /** Partitions of the stateful sub-topology this instance holds as active (or standby) tasks. */
    Set<Integer> localPartitions(int statefulSubtopology, boolean standby) {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : standby ? thread.standbyTasks() : thread.activeTasks()) {
                if (task.taskId().subtopology() == statefulSubtopology) {
                    partitions.add(task.taskId().partition());
                }
            }
        }
        return partitions;
    }

    private static Set<Integer> stateful(Collection<TopicPartition> partitions) {
        Set<Integer> stateful = new TreeSet<>();
        partitions.stream().filter(tp -> tp.topic().endsWith(REPARTITION_SUFFIX)).forEach(tp -> stateful.add(tp.partition()));
        return stateful;
    }
}
