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
        return properties;
    }
}
