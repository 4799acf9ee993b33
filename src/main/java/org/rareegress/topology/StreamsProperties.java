package org.rareegress.topology;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.rareegress.config.Settings;

/** The Kafka Streams configuration of a run: every {@code kafka.*} key, plus what the design requires. */
public final class StreamsProperties {
    /** The dead-letter topic, for {@link DeadLetterOnProcessingError}. */
    static final String DEAD_LETTER_TOPIC = "rare-egress.dead-letter.topic";
    /** Comma-separated output topics whose oversized records {@link DropOversizedOutputs} may drop. */
    static final String OUTPUT_TOPICS = "rare-egress.output.topics";
    /** The run's {@link DetectorMetrics} object, so that the handlers Kafka creates count into it. */
    static final String METRICS = "rare-egress.metrics";

    private StreamsProperties() {
    }

    public static Properties of(Settings settings, DetectorMetrics metrics) {
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
        // Bad input never stops the detector (docs/design.md, "Bad input"): an unexpected exception in a processor
        // becomes a dead letter, and an output Kafka refuses as too large is dropped and counted. An
        // operator may still choose Kafka's own handlers with kafka.processing.exception.handler etc.
        properties.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterOnProcessingError.class.getName());
        properties.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DropOversizedOutputs.class.getName());
        properties.put(DEAD_LETTER_TOPIC, settings.topics().deadLetter());
        properties.put(OUTPUT_TOPICS, String.join(",", settings.topics().alerts(), settings.topics().rareProcesses(),
                settings.topics().deadLetter()));
        properties.put(METRICS, metrics);
        return properties;
    }
}
