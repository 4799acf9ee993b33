package org.rareegress.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.rareegress.order.SourceMessage;

/**
 * The repartition's partitioner: a kept event goes where the default partitioner sends its key (the
 * process name), as interactive queries expect; a progress report goes to every partition (KIP-837),
 * since every stateful task waits for every source.
 */
final class ProgressToEveryPartition implements StreamPartitioner<String, SourceMessage> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, SourceMessage value, int numPartitions) {
        if (value instanceof SourceMessage.Progress) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.empty();
    }
}
