package org.rareegress.kafka;

import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.rareegress.config.Settings;

/**
 * Client configurations derived from the {@code kafka.*} keys: each client gets only the keys it
 * knows (security, SASL, SSL… are shared), so Streams-only keys do not produce warnings elsewhere.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    public static Properties admin(Settings settings) {
        return only(settings, AdminClientConfig.configNames());
    }

    public static Properties producer(Settings settings) {
        return only(settings, ProducerConfig.configNames());
    }

    public static Properties consumer(Settings settings) {
        return only(settings, ConsumerConfig.configNames());
    }

    private static Properties only(Settings settings, Set<String> known) {
        Properties properties = new Properties();
        settings.kafka().forEach((key, value) -> {
            if (known.contains(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }
}
