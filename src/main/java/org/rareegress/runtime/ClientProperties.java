package org.rareegress.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code kafka.*} settings turned into the configuration of one plain client (admin, producer,
 * consumer). Streams-only keys ({@code application.id}, {@code processing.guarantee}, ...) are left out so
 * the client does not warn about them; keys no Kafka config knows (plugin settings) are kept. Streams-style
 * prefixed overrides ({@code admin.}, {@code producer.}, {@code consumer.}) apply to their client.
 */
public final class ClientProperties {
    private ClientProperties() {
    }

    public static Map<String, Object> admin(Map<String, String> kafka) {
        return forClient(kafka, AdminClientConfig.configNames(), StreamsConfig.ADMIN_CLIENT_PREFIX);
    }

    public static Map<String, Object> producer(Map<String, String> kafka) {
        return forClient(kafka, ProducerConfig.configNames(), StreamsConfig.PRODUCER_PREFIX);
    }

    public static Map<String, Object> consumer(Map<String, String> kafka) {
        return forClient(kafka, ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX);
    }

    private static Map<String, Object> forClient(Map<String, String> kafka, Set<String> clientKeys, String prefix) {
        Set<String> streamsKeys = StreamsConfig.configDef().names();
        Map<String, Object> config = new HashMap<>();
        Map<String, Object> overrides = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                overrides.put(key.substring(prefix.length()), value);
            } else if (clientKeys.contains(key) || !(streamsKeys.contains(key) || isStreamsClientPrefixed(key))) {
                config.put(key, value);
            }
        });
        config.putAll(overrides);
        return config;
    }

    private static boolean isStreamsClientPrefixed(String key) {
        return key.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX) || key.startsWith(StreamsConfig.PRODUCER_PREFIX)
                || key.startsWith(StreamsConfig.CONSUMER_PREFIX) || key.startsWith(StreamsConfig.MAIN_CONSUMER_PREFIX)
                || key.startsWith(StreamsConfig.RESTORE_CONSUMER_PREFIX)
                || key.startsWith(StreamsConfig.GLOBAL_CONSUMER_PREFIX) || key.startsWith(StreamsConfig.TOPIC_PREFIX);
    }
}
