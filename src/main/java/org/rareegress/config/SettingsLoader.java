package org.rareegress.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Loads {@link Settings}: the built-in defaults, then {@code --config FILE}, then {@code RARE_EGRESS_*}
 * environment variables, then {@code --set key=value}, each overriding the one before. Every value
 * keeps the name of the layer it came from, for the start-up log; {@link SettingsValidator} then
 * validates them all, once, with a message that names the key.
 */
public final class SettingsLoader {
    public static final String ENV_PREFIX = EnvironmentVariables.PREFIX;
    static final String KAFKA_PREFIX = "kafka.";
    private static final String DEFAULTS = "/org/rareegress/config/defaults.properties";

    private SettingsLoader() {
    }

    /**
     * @param configFile a properties file, or null
     * @param environment usually {@code System.getenv()}
     * @param overrides the {@code --set} arguments, each {@code key=value}
     */
    public static Settings load(Path configFile, Map<String, String> environment, List<String> overrides) {
        return load(List.of(), configFile, environment, overrides);
    }

    /**
     * @param commandDefaults {@code key=value} defaults of the running command (e.g. the demo's random
     *                        HTTP port): above the built-in defaults, below everything the user sets
     */
    public static Settings load(List<String> commandDefaults, Path configFile, Map<String, String> environment,
                                List<String> overrides) {
        SortedMap<String, ConfigValue> values = new TreeMap<>();
        Map<String, String> defaults = readDefaults();
        defaults.forEach((key, value) -> values.put(key, new ConfigValue(value, "default")));
        Set<String> known = Collections.unmodifiableSet(defaults.keySet());
        for (String commandDefault : commandDefaults) {
            KeyValue pair = keyValue(commandDefault, known, "a command default");
            values.put(pair.key(), new ConfigValue(pair.value(), "command default"));
        }

        if (configFile != null) {
            readFile(configFile).forEach((key, value) -> {
                requireKnown(key, known, "in " + configFile);
                values.put(key, new ConfigValue(value, "file " + configFile.getFileName()));
            });
        }
        EnvironmentVariables.keysIn(environment, known).forEach((key, value) ->
                values.put(key, new ConfigValue(value, "env " + environmentName(key))));
        for (String override : overrides) {
            KeyValue pair = keyValue(override, known, "in --set");
            values.put(pair.key(), new ConfigValue(pair.value(), "--set"));
        }
        return SettingsValidator.validate(values);
    }

    /** The environment variable that sets a key: {@code RARE_EGRESS_} + key upper-cased, {@code .} and {@code -} as {@code _}. */
    public static String environmentName(String key) {
        return EnvironmentVariables.name(key);
    }

    private record KeyValue(String key, String value) {
    }

    private static KeyValue keyValue(String assignment, Set<String> known, String where) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new ConfigException(assignment, "--set takes key=value");
        }
        String key = assignment.substring(0, equals).strip();
        requireKnown(key, known, where);
        return new KeyValue(key, assignment.substring(equals + 1).strip());
    }

    /** Kafka client keys are open-ended, so any non-empty {@code kafka.*} name is accepted as it stands. */
    private static void requireKnown(String key, Set<String> known, String where) {
        if (known.contains(key) || (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length())) {
            return;
        }
        String hint = Misspellings.nearest(known, key)
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("");
        throw new ConfigException(key, "unknown key " + where + hint);
    }

    private static Map<String, String> readDefaults() {
        try (InputStream in = SettingsLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULTS);
            }
            return toMap(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return toMap(in);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> toMap(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (java.io.Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((key, value) -> map.put(key.toString().strip(), value.toString().strip()));
        return map;
    }
}
