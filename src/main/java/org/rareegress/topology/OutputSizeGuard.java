package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.rareegress.config.ConfigException;
import org.rareegress.config.Settings;

/**
 * Refuses, inside the topology, an output record the producer would refuse as larger than its
 * {@code max.request.size}. Under exactly-once a refused send aborts the whole transaction whatever the
 * production handler says, so the detector would stop; thrown here instead, the exception reaches
 * {@link DeadLetterOnProcessingError}, which writes a dead letter and lets processing go on. Every output
 * is bounded well below Kafka's default by construction; this is the net for a lowered limit or a bug.
 */
final class OutputSizeGuard {
    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** Record and batch headers, as the producer's upper-bound estimate counts them, with room to spare. */
    private static final int OVERHEAD = 1_024;

    private final int limit;

    OutputSizeGuard(int maxRequestSize) {
        this.limit = maxRequestSize - OVERHEAD;
    }

    /** The producer's limit from the settings: {@code kafka.producer.max.request.size}, else {@code kafka.max.request.size}. */
    static OutputSizeGuard of(Settings settings) {
        return new OutputSizeGuard(maxRequestSize(settings.kafka()));
    }

    /** The producer's {@code max.request.size} in Kafka client configs (the prefixed one first). */
    static int maxRequestSize(Map<String, ?> kafka) {
        String key = kafka.containsKey("producer.max.request.size") ? "producer.max.request.size" : "max.request.size";
        Object value = kafka.get(key);
        try {
            return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("kafka." + key, "must be a whole number, got '" + value + "'");
        }
    }

    /** The most bytes a record's key and value may take together. */
    int limit() {
        return limit;
    }

    /** How many bytes a value with this key may have. */
    int roomForValue(String key) {
        return limit - keyBytes(key);
    }

    /** {@code value}, unless key and value together would be more than the producer accepts. */
    byte[] check(String topic, String key, byte[] value) {
        if (value != null && value.length + keyBytes(key) > limit) {
            throw new OutputTooLargeException("a " + value.length + "-byte record for " + topic + " (key " + key
                    + ") is over the producer's max.request.size less " + OVERHEAD + " bytes of headers (" + limit + ")");
        }
        return value;
    }

    private static int keyBytes(String key) {
        return key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
    }

    /** An output the producer would refuse; becomes a dead letter. */
    static final class OutputTooLargeException extends RuntimeException {
        OutputTooLargeException(String message) {
            super(message);
        }
    }
}
