package org.rareegress.runtime;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.rareegress.topology.BacklogProbe;

/**
 * Whether an input partition is caught up, by the main consumer's own view: its {@code records-lag} metric
 * (log end, or last stable offset under read_committed, minus the consumer's position), which the consumer
 * updates on every fetch. Unknown (no fetch yet, or a partition this process does not own) counts as a
 * backlog: a source is called idle only when it is known to have nothing left.
 */
public final class ConsumerLagProbe implements BacklogProbe {
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String LAG = "records-lag";

    private final String topic;
    /** The consumer tags metrics with the topic's dots as underscores. */
    private final String topicTag;
    private volatile KafkaStreams streams;

    public ConsumerLagProbe(String topic) {
        this.topic = topic;
        this.topicTag = topic.replace('.', '_');
    }

    /** The client whose consumer to ask; the probe answers "not caught up" until then. */
    public void attach(KafkaStreams client) {
        this.streams = client;
    }

    @Override
    public boolean caughtUp(int partition) {
        KafkaStreams client = streams;
        if (client == null) {
            return false;
        }
        String partitionTag = Integer.toString(partition);
        boolean seen = false;
        for (Map.Entry<MetricName, ? extends Metric> entry : client.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (!LAG.equals(name.name()) || !GROUP.equals(name.group())
                    || !partitionTag.equals(name.tags().get("partition"))) {
                continue;
            }
            String tag = name.tags().get("topic");
            if (!topicTag.equals(tag) && !topic.equals(tag)) {
                continue;
            }
            if (!(entry.getValue().metricValue() instanceof Number lag) || !(lag.doubleValue() <= 0)) {
                return false;
            }
            seen = true;
        }
        return seen;
    }

    /**
     * Records this process's consumer has yet to read from the input partitions it owns (the sum of their
     * {@code records-lag}), or null before its first fetch: the "behind" of {@code /status}.
     */
    Long inputLag() {
        KafkaStreams client = streams;
        if (client == null) {
            return null;
        }
        double total = 0;
        boolean seen = false;
        for (Map.Entry<MetricName, ? extends Metric> entry : client.metrics().entrySet()) {
            MetricName name = entry.getKey();
            String tag = name.tags().get("topic");
            if (LAG.equals(name.name()) && GROUP.equals(name.group()) && name.tags().containsKey("partition")
                    && (topicTag.equals(tag) || topic.equals(tag))
                    && entry.getValue().metricValue() instanceof Number lag && !Double.isNaN(lag.doubleValue())) {
                total += Math.max(0, lag.doubleValue());
                seen = true;
            }
        }
        return seen ? (long) total : null;
    }
}
