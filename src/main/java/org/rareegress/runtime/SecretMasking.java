package org.rareegress.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.rareegress.config.ConfigValue;
import org.rareegress.config.Misspellings;

/**
 * The effective configuration as it may be logged: secrets replaced, each value with its source. A key
 * is secret by its name; a {@code kafka.*} value is also masked when it looks like a credential, whatever
 * its key, because {@code kafka.*} keys are open-ended: a misspelt key is passed on, not refused, and its
 * value would otherwise be logged in clear.
 */
final class SecretMasking {
    private static final List<String> SECRET_MARKERS = List.of("password", "secret", "jaas.config", "token",
            "credential", "license", "licence", "api.key", "apikey", "private");
    /** Shapes of credentials inside a value: key=value pairs (JAAS, connection strings), PEM, URL userinfo, JWTs. */
    private static final Pattern CREDENTIAL_VALUE = Pattern.compile("(?i)"
            + "(pass(word|wd)?|pwd|secret|token|api[._-]?key|access[._-]?key|sharedaccesskey|credentials?)\\s*[=:]"
            + "|loginmodule|-----begin|://[^/\\s:@]+:[^/\\s@]+@|\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    static final String MASK = "******";
    private static final String KAFKA = "kafka.";

    private SecretMasking() {
    }

    /** Kafka client keys the clients themselves declare as passwords (e.g. {@code ssl.keystore.key}, a PEM key). */
    private static final Set<String> KAFKA_PASSWORDS = kafkaPasswords();

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith(KAFKA)) {
            String kafkaKey = lower.substring(KAFKA.length());
            // Within a few edits of a password key: a misspelling still holds the password.
            if (KAFKA_PASSWORDS.contains(kafkaKey) || Misspellings.nearest(KAFKA_PASSWORDS, kafkaKey).isPresent()) {
                return true;
            }
        }
        return SECRET_MARKERS.stream().anyMatch(lower::contains);
    }

    /** Whether the value of this key must not be logged. */
    static boolean masks(String key, String value) {
        if (value.isEmpty()) {
            return false;
        }
        return isSecret(key) || key.toLowerCase(Locale.ROOT).startsWith(KAFKA) && CREDENTIAL_VALUE.matcher(value).find();
    }

    private static Set<String> kafkaPasswords() {
        Set<String> passwords = new HashSet<>();
        for (ConfigDef definition : List.of(ConsumerConfig.configDef(), ProducerConfig.configDef(),
                AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            definition.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    passwords.add(name);
                }
            });
        }
        return Set.copyOf(passwords);
    }

    /** One line a key: {@code key = value (source)}, secrets masked. */
    static String describe(Map<String, ConfigValue> effective) {
        return effective.entrySet().stream()
                .map(e -> "  " + e.getKey() + " = " + (masks(e.getKey(), e.getValue().value()) ? MASK : e.getValue().value())
                        + "  (" + e.getValue().source() + ")")
                .collect(Collectors.joining("\n"));
    }
}
