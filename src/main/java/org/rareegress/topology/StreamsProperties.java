package org.rareegress.topology;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.rareegress.config.Settings;

/** The Kafka Streams configuration of a run: every {@code kafka.*} key, plus what the design requires. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    public static Properties of(Settings settings) {
        Properties properties = new Properties();
        properties.putAll(settings.kafka());
        // Every node, store and internal topic is named in DetectorTopology; fail the build if one is not.
        properties.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // There is no global store; enabling this only silences Kafka's start-up warning about it.
        properties.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Every task reads one partition of one topic (the input, or the repartition topic), so there is never
        // another partition to wait for and task idling cannot change the order of processing. Left on, Kafka
        // Streams formats log text about each idle partition on every pass of its loop (measured: 5 % of the
        // stream thread's time in String.format during `bench` row 4).
        properties.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        return properties;
    }
}
