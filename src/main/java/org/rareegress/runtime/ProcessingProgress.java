package org.rareegress.runtime;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a detector application has processed everything it must: its consumer group has committed,
 * on the input, at least the given end offsets and, on its repartition topic, everything written there
 * up to the previous check. Committed offsets are what exactly-once processing has made final, so "done"
 * means the outputs for that input are complete. Used by replay, demo, bench and the integration tests.
 *
 * <p>The repartition topic never stops growing while sources are idle: each confirms it is still idle at
 * every report tick (see docs/event-time-order.md). So its end is a moving target, and "done" asks for what
 * had been written there at the previous check made once the input was covered, which a detector that keeps
 * up has committed by the next one. It therefore takes two checks, the first only taking that mark.
 */
public final class ProcessingProgress {
    private final Admin admin;
    private final String groupId;
    private final Map<TopicPartition, Long> inputEnd;
    private final String repartitionTopic;
    /** The repartition topic's end offsets at the previous check once the input was covered; null before. */
    private Map<TopicPartition, Long> repartitionEndBefore;

    ProcessingProgress(Admin admin, String groupId, Map<TopicPartition, Long> inputEnd, String repartitionTopic) {
        this.admin = admin;
        this.groupId = groupId;
        this.inputEnd = inputEnd;
        this.repartitionTopic = repartitionTopic;
    }

    /** Progress of the detector application {@code applicationId} over its input up to {@code inputEnd}. */
    public static ProcessingProgress of(Admin admin, String applicationId, Map<TopicPartition, Long> inputEnd) {
        return new ProcessingProgress(admin, applicationId, inputEnd,
                applicationId + "-" + org.rareegress.topology.Names.REPARTITION_BY_PROCESS + "-repartition");
    }

    /** The current end offsets of every partition of {@code topic}. */
    public static Map<TopicPartition, Long> endOffsetsOf(Admin admin, String topic) throws ExecutionException, InterruptedException {
        var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
        return new ProcessingProgress(admin, "", Map.of(), topic).endOffsets(description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet()));
    }

    public boolean done() throws ExecutionException, InterruptedException {
        if (!inputCommitted()) {
            repartitionEndBefore = null;
            return false;
        }
        if (!anyInput()) {
            return true;
        }
        Map<TopicPartition, Long> repartitionEnd = repartitionEnd();
        Map<TopicPartition, Long> mustCover = repartitionEndBefore;
        repartitionEndBefore = repartitionEnd;
        return mustCover != null && repartitionEnd != null && committedUpTo(mustCover);
    }

    /** Whether the committed offsets on the input reach the given end offsets. */
    public boolean inputCommitted() throws ExecutionException, InterruptedException {
        return committedUpTo(inputEnd);
    }

    /**
     * The repartition topic's end offsets now, or null while it does not exist. Every partition counts,
     * committed or not (no commit yet is offset 0): a partition nobody has read from is exactly one whose
     * alerts are still missing.
     */
    public Map<TopicPartition, Long> repartitionEnd() throws ExecutionException, InterruptedException {
        if (!admin.listTopics().names().get().contains(repartitionTopic)) {
            return null;
        }
        var description = admin.describeTopics(java.util.List.of(repartitionTopic)).allTopicNames().get().get(repartitionTopic);
        return endOffsets(description.partitions().stream()
                .map(p -> new TopicPartition(repartitionTopic, p.partition())).collect(Collectors.toSet()));
    }

    /** Whether the group's committed offsets reach {@code ends} on every partition with something to read. */
    public boolean committedUpTo(Map<TopicPartition, Long> ends) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() > 0 && offset(committed, end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private boolean anyInput() {
        return inputEnd.values().stream().anyMatch(end -> end > 0);
    }

    private Map<TopicPartition, Long> endOffsets(java.util.Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        ListOffsetsResult result = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
        return result.all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static long offset(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition partition) {
        OffsetAndMetadata offset = committed.get(partition);
        return offset == null ? 0 : offset.offset();
    }
}
