package org.rareegress.config;

import java.util.Map;
import java.util.SortedMap;
import org.rareegress.alert.AlertFormat;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.FilterSettings;
import org.rareegress.event.InputSettings;

/**
 * The immutable, validated configuration of one rare-egress process. Built once at start-up by
 * {@link SettingsLoader}; nothing reads configuration anywhere else.
 *
 * @param alertFormat how alerts are written ({@code alert.format})
 * @param rocksDbMemoryBytes RocksDB memory of all stores of {@code run} and {@code replay} (block cache and
 *                           memtables, shared); 0 leaves it to Kafka Streams' per-store defaults
 * @param kafka    the {@code kafka.*} keys without their prefix, passed to the Kafka clients
 * @param effective every key's effective value and its source, for the start-up log
 */
public record Settings(DetectorSettings detector, FilterSettings filter, InputSettings input, GeoIpSettings geoip,
                       AlertFormat alertFormat, HttpSettings http, java.time.Duration shutdownTimeout,
                       long rocksDbMemoryBytes, TopicNames topics, Map<String, String> kafka,
                       SortedMap<String, ConfigValue> effective) {

    /** The defaults alone: what a run with no configuration at all would use. */
    public static Settings defaults() {
        return SettingsLoader.load(null, Map.of(), java.util.List.of());
    }

    /** The main HTTP port ({@code http.port}). */
    public int httpPort() {
        return http.port();
    }

    public String applicationId() {
        return kafka.get("application.id");
    }
}
