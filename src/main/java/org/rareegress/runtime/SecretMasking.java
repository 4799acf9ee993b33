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

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(lower::contains);
    }

    /** One line a key: {@code key = value (source)}, secrets masked. */
    static String describe(Map<String, ConfigValue> effective) {
        return effective.entrySet().stream()
                .map(e -> "  " + e.getKey() + " = " + (isSecret(e.getKey()) && !e.getValue().value().isEmpty()
                        ? MASK : e.getValue().value()) + "  (" + e.getValue().source() + ")")
                .collect(Collectors.joining("\n"));
    }
}
