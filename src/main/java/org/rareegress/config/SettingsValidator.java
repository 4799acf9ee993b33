package org.rareegress.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rareegress.alert.AlertFormat;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.Ipv4Ranges;
import org.rareegress.event.InputFormat;
import org.rareegress.event.InputSettings;

/**
 * Turns the effective values into {@link Settings}, one section at a time, failing on the first bad
 * value with a message that names its key. The sections are read in a fixed order, so a
 * configuration with several faults always reports the same one first.
 */
final class SettingsValidator {
    private static final Duration MAX_SYSMON_PROCESS_TTL = Duration.ofDays(3650);
    private static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_HTTP_DURATION = Duration.ofHours(1);
    private static final int MIN_TOKEN_LENGTH = 16;
    private static final long MIN_ROCKSDB_MEMORY = 16L * 1024 * 1024;
    private static final long MAX_ROCKSDB_MEMORY = 1024L * 1024 * 1024 * 1024;
    /** Past this a cap stops meaning anything: a 1 MiB envelope holds at most about half a million items. */
    private static final long MAX_DEAD_LETTERS_PER_RECORD = 1_000_000;
    private static final long MAX_TRACKED_PROCESSES = 1_000_000_000;
    private static final long MAX_STORM_THRESHOLD = 1_000_000;
    private static final List<String> TOPIC_KEYS =
            List.of("topic.input", "topic.alerts", "topic.rare-processes", "topic.dead-letter", "topic.allowlist");

    private SettingsValidator() {
    }

    static Settings validate(SortedMap<String, ConfigValue> values) {
        TypedValues reader = new TypedValues(values);
        DetectorSettings detector = detector(reader);
        FilterSettings filter = filter(reader);
        InputSettings input = input(reader);
        GeoIpSettings geoip = new GeoIpSettings(reader.optionalPath("geoip.database"),
                reader.optionalPath("geoip.asn-database"));
        if (detector.dimensions().contains(Dimension.PROCESS_ASN) && geoip.asnDatabase().isEmpty()) {
            throw new ConfigException("detector.dimensions", "lists process-asn, which needs geoip.asn-database"
                    + " (a GeoLite2-ASN database) to know the remote AS number; set it or drop process-asn");
        }
        AlertFormat alertFormat = AlertFormat.byName(reader.text("alert.format"))
                .orElseThrow(() -> new ConfigException("alert.format",
                        "must be one of " + AlertFormat.names() + ", got '" + reader.text("alert.format") + "'"));
        HttpSettings http = http(reader);
        Duration shutdownTimeout = reader.positiveDuration("shutdown.timeout");
        TopicNames topics = new TopicNames(reader.topic("topic.input"), reader.topic("topic.alerts"),
                reader.topic("topic.rare-processes"), reader.topic("topic.dead-letter"), reader.topic("topic.allowlist"));
        requireDistinctTopics(reader);
        Map<String, String> kafka = kafka(values);
        return new Settings(detector, filter, input, geoip, alertFormat, http, shutdownTimeout, rocksDbMemory(reader),
                topics, kafka,
                Collections.unmodifiableSortedMap(values));
    }

    private static DetectorSettings detector(TypedValues reader) {
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
        Duration maxOutOfOrderness = reader.nonNegativeDuration("detector.max-out-of-orderness");
        if (maxOutOfOrderness.compareTo(window) >= 0) {
            throw new ConfigException("detector.max-out-of-orderness",
                    "must be shorter than detector.window (" + window + "), got " + maxOutOfOrderness);
        }
        List<Dimension> dimensions = dimensions(reader);
        Map<Dimension, Duration> confirmAfterByDimension = new EnumMap<>(Dimension.class);
        for (Dimension dimension : Dimension.values()) {
            String key = "alert.confirm-after." + dimension.key();
            if (!reader.text(key).isEmpty()) {
                Duration value = reader.nonNegativeDuration(key);
                if (value.compareTo(window) >= 0) {
                    throw new ConfigException(key, "must be shorter than detector.window (" + window + "), got " + value);
                }
                confirmAfterByDimension.put(dimension, value);
            }
        }
        int maxValues = (int) reader.integer("detector.max-values-per-process", 1, 10_000);
        long worstRecord = DetectorSettings.refinedRecordBytes(threshold, maxValues + 1);
        if (dimensions.size() > 1 && worstRecord > DetectorSettings.REFINED_RECORD_BUDGET) {
            throw new ConfigException("detector.max-values-per-process", "is " + maxValues + " with detector.threshold "
                    + threshold + ": the state of one (dimension, process), up to " + (maxValues + 1) + " values of "
                    + threshold + " devices each, could reach " + worstRecord / 1024 + " KB, over the "
                    + DetectorSettings.REFINED_RECORD_BUDGET / 1024 + " KB a Kafka record allows it; lower one of them");
        }
        long maxTrackedProcesses = reader.integer("detector.max-tracked-processes", 1, MAX_TRACKED_PROCESSES);
        int stormThreshold = (int) reader.integer("alert.storm-threshold", 0, MAX_STORM_THRESHOLD, " (0: no limit)");
        Duration stormWindow = reader.positiveDuration("alert.storm-window");
        if (stormWindow.compareTo(window) > 0) {
            throw new ConfigException("alert.storm-window",
                    "must be at most detector.window (" + window + "), got " + stormWindow);
        }
        return new DetectorSettings(window, threshold, warmup, evidenceCap, confirmAfter, maxOutOfOrderness, dimensions,
                confirmAfterByDimension, maxValues, maxTrackedProcesses, stormThreshold, stormWindow);
    }

    /** {@code detector.dimensions}: known names, no repeats, and {@code process} among them (the others refine it). */
    private static List<Dimension> dimensions(TypedValues reader) {
        List<Dimension> dimensions = new ArrayList<>();
        for (String name : reader.list("detector.dimensions")) {
            Dimension dimension = Dimension.byKey(name).orElseThrow(() -> new ConfigException("detector.dimensions",
                    "must list some of " + Dimension.keys() + ", got '" + name + "'"));
            if (dimensions.contains(dimension)) {
                throw new ConfigException("detector.dimensions", "lists " + name + " twice");
            }
            dimensions.add(dimension);
        }
        if (!dimensions.contains(Dimension.PROCESS)) {
            throw new ConfigException("detector.dimensions", "must include process (the other dimensions are judged"
                    + " only while the process itself is prevalent), got '" + reader.text("detector.dimensions") + "'");
        }
        return dimensions;
    }

    private static FilterSettings filter(TypedValues reader) {
        Ipv4Ranges excludedNetworks;
        try {
            excludedNetworks = Ipv4Ranges.parse(reader.list("filter.excluded-networks"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("filter.excluded-networks", e.getMessage());
        }
        return new FilterSettings(
                reader.nonEmptySet("filter.protocols"),
                reader.nonEmptySet("filter.action-types"),
                reader.nonEmptySet("filter.remote-ip-types"),
                reader.bool("filter.require-empty-remote-url"),
                excludedNetworks,
                reader.text("filter.process-suffix"),
                reader.optionalRegex("filter.excluded-process-regex"),
                reader.ports("filter.excluded-ports"));
    }

    private static InputSettings input(TypedValues reader) {
        InputFormat format = InputFormat.byName(reader.text("input.format"))
                .orElseThrow(() -> new ConfigException("input.format",
                        "must be one of " + InputFormat.names() + ", got '" + reader.text("input.format") + "'"));
        Duration sysmonProcessTtl = reader.positiveDuration("input.sysmon-process-ttl");
        if (sysmonProcessTtl.compareTo(MAX_SYSMON_PROCESS_TTL) > 0) {
            throw new ConfigException("input.sysmon-process-ttl",
                    "must be at most P" + MAX_SYSMON_PROCESS_TTL.toDays() + "D, got " + sysmonProcessTtl.toDays() + " days");
        }
        return new InputSettings(format,
                (int) reader.integer("input.max-record-bytes", 1024, 64L * 1024 * 1024),
                reader.nonNegativeDuration("input.max-future-skew"),
                sysmonProcessTtl,
                reader.integer("input.sysmon-process-max-entries", 1, 1_000_000_000L),
                (int) reader.integer("input.max-dead-letters-per-record", 1, MAX_DEAD_LETTERS_PER_RECORD),
                idleTimeout(reader));
    }

    /**
     * At least a second: a task's queue holds records the consumer has already fetched, so a partition the
     * consumer has caught up with may still have records to process for a moment; a timeout this short
     * would call it idle while they wait.
     */
    private static Duration idleTimeout(TypedValues reader) {
        Duration idleTimeout = reader.positiveDuration("input.idle-timeout");
        if (idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new ConfigException("input.idle-timeout", "must be at least " + MIN_IDLE_TIMEOUT + ", got " + idleTimeout);
        }
        return idleTimeout;
    }

    private static HttpSettings http(TypedValues reader) {
        int port = (int) reader.integer("http.port", 0, 65535);
        int probePort = (int) reader.integer("http.probe-port", 0, 65535);
        if (probePort == port && port != 0) {
            throw new ConfigException("http.probe-port", "must differ from http.port (" + port + ")");
        }
        Duration requestTimeout = reader.positiveDuration("http.request-timeout");
        if (requestTimeout.compareTo(MIN_REQUEST_TIMEOUT) < 0 || requestTimeout.compareTo(MAX_HTTP_DURATION) > 0) {
            throw new ConfigException("http.request-timeout", "must be from PT0.1S to PT1H, got " + requestTimeout);
        }
        int maxConcurrent = (int) reader.integer("http.max-concurrent-requests", 1, 1024);
        Duration tableRefresh = reader.nonNegativeDuration("http.table-refresh");
        if (tableRefresh.compareTo(MAX_HTTP_DURATION) > 0) {
            throw new ConfigException("http.table-refresh", "must be at most PT1H, got " + tableRefresh);
        }
        long tableMaxBytes = reader.integer("http.table-max-bytes", 1024, 1024L * 1024 * 1024);
        return new HttpSettings(port, probePort, requestTimeout, maxConcurrent, tableRefresh, tableMaxBytes,
                authToken(reader.text("http.auth-token")), (int) reader.integer("http.recent-alerts", 0, 1000));
    }

    /** 0 (Kafka Streams' own per-store sizes), or enough for a few stores' index blocks and memtables. */
    private static long rocksDbMemory(TypedValues reader) {
        long bytes = reader.integer("rocksdb.memory-bytes", 0, MAX_ROCKSDB_MEMORY);
        if (bytes != 0 && bytes < MIN_ROCKSDB_MEMORY) {
            throw new ConfigException("rocksdb.memory-bytes", "must be 0 (unbounded) or at least " + MIN_ROCKSDB_MEMORY
                    + " (16 MiB), got " + bytes);
        }
        return bytes;
    }

    /** Empty, or long enough not to be guessed and plain enough to travel in a header. */
    private static String authToken(String token) {
        if (token.isEmpty()) {
            return token;
        }
        // The message never quotes the token: configuration errors are printed and logged.
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException("http.auth-token", "must be empty or at least " + MIN_TOKEN_LENGTH
                    + " characters long, got " + token.length());
        }
        if (!token.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new ConfigException("http.auth-token", "must be printable ASCII without spaces (it is sent as"
                    + " an HTTP header)");
        }
        return token;
    }

    private static void requireDistinctTopics(TypedValues reader) {
        Map<String, String> keyByName = new TreeMap<>();
        for (String key : TOPIC_KEYS) {
            String earlier = keyByName.putIfAbsent(reader.text(key), key);
            if (earlier != null) {
                throw new ConfigException(key, "names the same topic as " + earlier + " ('" + reader.text(key)
                        + "'); the topics must be different");
            }
        }
    }

    /** The non-empty {@code kafka.*} values without their prefix, for the Kafka clients. */
    private static Map<String, String> kafka(Map<String, ConfigValue> values) {
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(SettingsLoader.KAFKA_PREFIX) && !value.value().isEmpty()) {
                kafka.put(key.substring(SettingsLoader.KAFKA_PREFIX.length()), value.value());
            }
        });
        if (kafka.getOrDefault("application.id", "").isBlank()) {
            throw new ConfigException("kafka.application.id", "must not be empty");
        }
        return Collections.unmodifiableMap(kafka);
    }
}
