package org.rareegress.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.rareegress.detect.Ipv4Ranges;
import org.rareegress.event.InputFormat;

/**
 * Loads {@link Settings}: the built-in defaults, then {@code --config FILE}, then {@code RARE_EGRESS_*}
 * environment variables, then {@code --set key=value}, each overriding the one before. Every value
 * is validated here, once, with a message that names the key.
 */
public final class SettingsLoader {
    public static final String ENV_PREFIX = "RARE_EGRESS_";
    private static final String DEFAULTS = "/org/rareegress/config/defaults.properties";
    private static final String KAFKA_PREFIX = "kafka.";
    private static final Duration MAX_SYSMON_PROCESS_TTL = Duration.ofDays(3650);
    /** Times are nanoseconds in a long (to 2262): longer durations would overflow, and mean nothing here. */
    private static final Duration MAX_DURATION = Duration.ofDays(100_000);

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
        fromEnvironment(environment, known).forEach((key, value) ->
                values.put(key, new ConfigValue(value, "env " + environmentName(key))));
        for (String override : overrides) {
            KeyValue pair = keyValue(override, known, "in --set");
            values.put(pair.key(), new ConfigValue(pair.value(), "--set"));
        }
        return validate(values);
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

    /** The environment variable that sets a key: {@code RARE_EGRESS_} + key upper-cased, {@code .} and {@code -} as {@code _}. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code RARE_EGRESS_*} variables that are not configuration keys: logging levels and a launcher's JVM options. */
    static final Set<String> NOT_KEYS = Set.of(ENV_PREFIX + "LOG_LEVEL", ENV_PREFIX + "LOG_LEVEL_KAFKA", ENV_PREFIX + "JAVA_OPTS");

    private static Map<String, String> fromEnvironment(Map<String, String> environment, Set<String> known) {
        Map<String, String> byName = new TreeMap<>();
        for (String key : known) {
            byName.put(environmentName(key), key);
        }
        Map<String, String> found = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || NOT_KEYS.contains(name)) {
                return;
            }
            String key = byName.get(name);
            if (key == null && name.startsWith(ENV_PREFIX + "KAFKA_")) {
                // Kafka client keys are open-ended and use dots: RARE_EGRESS_KAFKA_SASL_MECHANISM -> kafka.sasl.mechanism
                key = KAFKA_PREFIX + name.substring((ENV_PREFIX + "KAFKA_").length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key == null) {
                // A misspelt variable must not be ignored: the detector would silently run with the default.
                String hint = byName.keySet().stream().filter(candidate -> editDistance(candidate, name) <= 3)
                        .findFirst().map(candidate -> "; did you mean " + candidate + "?").orElse("");
                throw new ConfigException(name, "is not a configuration key's environment variable" + hint);
            }
            found.put(key, value.strip());
        });
        return found;
    }

    private static void requireKnown(String key, Set<String> known, String where) {
        if (known.contains(key) || (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length())) {
            return;
        }
        String hint = known.stream()
                .filter(candidate -> editDistance(candidate, key) <= 3)
                .findFirst()
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("");
        throw new ConfigException(key, "unknown key " + where + hint);
    }

    private static Settings validate(SortedMap<String, ConfigValue> values) {
        Reader reader = new Reader(values);
        Duration window = reader.positiveDuration("detector.window");
        // Both bound the one changelog record that holds a process's state (Kafka caps a record at 1 MB).
        String stateLimit = " (the state of a process is one Kafka record of at most 1 MB)";
        int threshold = (int) reader.integer("detector.threshold", 1, DetectorSettings.MAX_THRESHOLD, stateLimit);
        Duration warmup = reader.text("detector.warmup").isEmpty() ? window : reader.nonNegativeDuration("detector.warmup");
        int evidenceCap = (int) reader.integer("detector.evidence-cap", 1, DetectorSettings.MAX_EVIDENCE_CAP, stateLimit);
        Duration confirmAfter = reader.nonNegativeDuration("alert.confirm-after");
        if (confirmAfter.compareTo(window) >= 0) {
            throw new ConfigException("alert.confirm-after",
                    "must be shorter than detector.window (" + window + "), got " + confirmAfter);
        }
        DetectorSettings detector = new DetectorSettings(window, threshold, warmup, evidenceCap, confirmAfter);

        Ipv4Ranges excludedNetworks;
        try {
            excludedNetworks = Ipv4Ranges.parse(reader.list("filter.excluded-networks"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("filter.excluded-networks", e.getMessage());
        }
        FilterSettings filter = new FilterSettings(
                reader.nonEmptySet("filter.protocols"),
                reader.nonEmptySet("filter.action-types"),
                reader.nonEmptySet("filter.remote-ip-types"),
                reader.bool("filter.require-empty-remote-url"),
                excludedNetworks,
                reader.text("filter.process-suffix"),
                reader.optionalRegex("filter.excluded-process-regex"),
                reader.ports("filter.excluded-ports"));

        InputFormat format = InputFormat.byName(reader.text("input.format"))
                .orElseThrow(() -> new ConfigException("input.format",
                        "must be one of " + InputFormat.names() + ", got '" + reader.text("input.format") + "'"));
        Duration sysmonProcessTtl = reader.positiveDuration("input.sysmon-process-ttl");
        if (sysmonProcessTtl.compareTo(MAX_SYSMON_PROCESS_TTL) > 0) {
            throw new ConfigException("input.sysmon-process-ttl",
                    "must be at most P" + MAX_SYSMON_PROCESS_TTL.toDays() + "D, got " + sysmonProcessTtl.toDays() + " days");
        }
        InputSettings input = new InputSettings(format,
                (int) reader.integer("input.max-record-bytes", 1024, 64L * 1024 * 1024),
                reader.nonNegativeDuration("input.max-future-skew"),
                sysmonProcessTtl,
                reader.integer("input.sysmon-process-max-entries", 1, 1_000_000_000L));

        GeoIpSettings geoip = new GeoIpSettings(reader.optionalPath("geoip.database"),
                reader.optionalPath("geoip.asn-database"));
        int httpPort = (int) reader.integer("http.port", 0, 65535);
        Duration shutdownTimeout = reader.positiveDuration("shutdown.timeout");
        TopicNames topics = new TopicNames(reader.topic("topic.input"), reader.topic("topic.alerts"),
                reader.topic("topic.rare-processes"), reader.topic("topic.dead-letter"));
        requireDistinctTopics(reader, List.of("topic.input", "topic.alerts", "topic.rare-processes", "topic.dead-letter"));

        Map<String, String> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX) && !value.value().isEmpty()) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value.value());
            }
        });
        if (kafka.getOrDefault("application.id", "").isBlank()) {
            throw new ConfigException("kafka.application.id", "must not be empty");
        }
        return new Settings(detector, filter, input, geoip, httpPort, shutdownTimeout, topics, Collections.unmodifiableMap(kafka),
                Collections.unmodifiableSortedMap(values));
    }

    private static void requireDistinctTopics(Reader reader, List<String> keys) {
        Map<String, String> keyByName = new TreeMap<>();
        for (String key : keys) {
            String earlier = keyByName.putIfAbsent(reader.text(key), key);
            if (earlier != null) {
                throw new ConfigException(key, "names the same topic as " + earlier + " ('" + reader.text(key)
                        + "'); the four topics must be different");
            }
        }
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

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Typed reads of the effective values, each failing with the key's name. */
    private record Reader(Map<String, ConfigValue> values) {
        String text(String key) {
            ConfigValue value = values.get(key);
            return value == null ? "" : value.value();
        }

        List<String> list(String key) {
            String text = text(key);
            if (text.isBlank()) {
                return List.of();
            }
            return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        Set<String> nonEmptySet(String key) {
            List<String> items = list(key);
            if (items.isEmpty()) {
                throw new ConfigException(key, "must list at least one value");
            }
            return Set.copyOf(items);
        }

        boolean bool(String key) {
            String text = text(key).toLowerCase(Locale.ROOT);
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(key, "must be true or false, got '" + text(key) + "'");
            };
        }

        long integer(String key, long min, long max) {
            return integer(key, min, max, "");
        }

        /** As {@link #integer(String, long, long)}, with {@code why} appended to an out-of-range message. */
        long integer(String key, long min, long max, String why) {
            String text = text(key);
            try {
                long value = Long.parseLong(text);
                if (value < min || value > max) {
                    throw new ConfigException(key, "must be from " + min + " to " + max + ", got " + value + why);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be a whole number, got '" + text + "'");
            }
        }

        Duration nonNegativeDuration(String key) {
            String text = text(key);
            try {
                Duration duration = Duration.parse(text);
                if (duration.isNegative()) {
                    throw new ConfigException(key, "must not be negative, got " + text);
                }
                if (duration.compareTo(MAX_DURATION) > 0) {
                    throw new ConfigException(key, "must be at most P100000D (about 273 years), got " + text);
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw new ConfigException(key, "must be an ISO-8601 duration such as P30D or PT10M, got '" + text + "'");
            }
        }

        Duration positiveDuration(String key) {
            Duration duration = nonNegativeDuration(key);
            if (duration.isZero()) {
                throw new ConfigException(key, "must be longer than zero");
            }
            return duration;
        }

        Pattern optionalRegex(String key) {
            String text = text(key);
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(key, "is not a valid regular expression: " + e.getDescription());
            }
        }

        Set<Integer> ports(String key) {
            Set<Integer> ports = new TreeSet<>();
            for (String item : list(key)) {
                try {
                    int port = Integer.parseInt(item);
                    if (port < 0 || port > 65535) {
                        throw new ConfigException(key, "ports run from 0 to 65535, got " + port);
                    }
                    ports.add(port);
                } catch (NumberFormatException e) {
                    throw new ConfigException(key, "must list port numbers, got '" + item + "'");
                }
            }
            return Set.copyOf(ports);
        }

        Optional<Path> optionalPath(String key) {
            String text = text(key);
            return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
        }

        String topic(String key) {
            String name = text(key);
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new ConfigException(key, "is not a valid Kafka topic name: '" + name + "'");
            }
            return name;
        }
    }
}
