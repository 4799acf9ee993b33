package org.rareegress.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.rareegress.config.ConfigValue;

/** The effective configuration as it may be logged: secrets replaced, each value with its source. */
final class SecretMasking {
    private static final List<String> SECRET_MARKERS = List.of("password", "secret", "jaas.config", "token",
            "credential", "license", "licence", "api.key", "apikey", "private");
    static final String MASK = "******";

    private SecretMasking() {
    }

    /** Kafka client keys the clients themselves declare as passwords (e.g. {@code ssl.keystore.key}, a PEM key). */
    private static final java.util.Set<String> KAFKA_PASSWORDS = kafkaPasswords();

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith("kafka.") && KAFKA_PASSWORDS.contains(lower.substring("kafka.".length()))) {
            return true;
        }
        return SECRET_MARKERS.stream().anyMatch(lower::contains);
    }

    private static java.util.Set<String> kafkaPasswords() {
        java.util.Set<String> passwords = new java.util.HashSet<>();
        for (org.apache.kafka.common.config.ConfigDef definition : List.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.configDef(),
                org.apache.kafka.clients.producer.ProducerConfig.configDef(),
                org.apache.kafka.clients.admin.AdminClientConfig.configDef(),
                org.apache.kafka.streams.StreamsConfig.configDef())) {
            definition.configKeys().forEach((name, key) -> {
                if (key.type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD) {
                    passwords.add(name);
                }
            });
        }
        return java.util.Set.copyOf(passwords);
    }

    /** One line a key: {@code key = value (source)}, secrets masked. */
    static String describe(Map<String, ConfigValue> effective) {
        return effective.entrySet().stream()
                .map(e -> "  " + e.getKey() + " = " + (isSecret(e.getKey()) && !e.getValue().value().isEmpty()
                        ? MASK : e.getValue().value()) + "  (" + e.getValue().source() + ")")
                .collect(Collectors.joining("\n"));
    }
}
