package org.rareegress.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code RARE_EGRESS_*} environment variables as configuration keys: each key has one variable
 * name, {@code kafka.*} keys are open-ended, and any other variable with the prefix is an error.
 */
final class EnvironmentVariables {
    static final String PREFIX = "RARE_EGRESS_";
    private static final String KAFKA_VARIABLE_PREFIX = PREFIX + "KAFKA_";

    /** How logback writes logs (logback.xml picks its appender by this variable's value). */
    static final String LOG_FORMAT = PREFIX + "LOG_FORMAT";
    /** The values of {@link #LOG_FORMAT}: the names of logback.xml's appenders. */
    static final Set<String> LOG_FORMATS = Set.of("text", "json");

    /** {@code RARE_EGRESS_*} variables that are not configuration keys: logging and a launcher's JVM options. */
    static final Set<String> NOT_KEYS = Set.of(PREFIX + "LOG_LEVEL", PREFIX + "LOG_LEVEL_KAFKA", LOG_FORMAT,
            PREFIX + "JAVA_OPTS");

    private EnvironmentVariables() {
    }

    /** The variable that sets a key: {@code RARE_EGRESS_} + key upper-cased, {@code .} and {@code -} as {@code _}. */
    static String name(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The configuration keys that {@code environment} sets, with their stripped values.
     *
     * @throws ConfigException naming the first variable (in the environment's order) that is no key's
     */
    static Map<String, String> keysIn(Map<String, String> environment, Set<String> known) {
        Map<String, String> keyByName = new TreeMap<>();
        for (String key : known) {
            keyByName.put(name(key), key);
        }
        String logFormat = environment.get(LOG_FORMAT);
        if (logFormat != null && !LOG_FORMATS.contains(logFormat)) {
            // logback has already looked for a file of that name and found none (empty too): nothing would be logged.
            throw new ConfigException(LOG_FORMAT, "must be text or json (lower case), got '" + logFormat + "'");
        }
        Map<String, String> found = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (!name.startsWith(PREFIX) || NOT_KEYS.contains(name)) {
                return;
            }
            String key = keyByName.get(name);
            if (key == null && name.startsWith(KAFKA_VARIABLE_PREFIX)) {
                // Kafka client keys are open-ended and use dots: RARE_EGRESS_KAFKA_SASL_MECHANISM -> kafka.sasl.mechanism
                key = SettingsLoader.KAFKA_PREFIX
                        + name.substring(KAFKA_VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key == null) {
                String hint = Misspellings.nearest(keyByName.keySet(), name)
                        .map(candidate -> "; did you mean " + candidate + "?").orElse("");
                throw new ConfigException(name, "is not a configuration key's environment variable" + hint);
            }
            found.put(key, value.strip());
        });
        return found;
    }
}
