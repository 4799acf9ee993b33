package org.rareegress.simulate;

import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;

/**
 * Produces each record to a topic, keyed by DeviceId so one device's events stay in order on one
 * partition (envelopes, which mix devices, go unkeyed). The first failed send fails the run at the
 * next {@link #flush()}: a silently incomplete fleet would mislead whoever checks the detector with it.
 */
public final class KafkaEventSink implements EventSink, AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaEventSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Producer settings: throughput defaults, then the producer's own {@code kafka.*} keys
     * ({@link KafkaClients#producer}: Streams-only keys such as application.id left out), which win.
     * Idempotence keeps each partition in order and free of duplicates across retries; one request in flight
     * per connection keeps it so when the first batch to a topic just created fails (its leader not known yet,
     * a loaded broker): the broker takes the first sequence it sees of a producer it does not know, so a second
     * batch sent meanwhile was appended first, and the first one then failed as out of order until it expired
     * (a demo run lost 548 events that way).
     */
    public static Properties producerProperties(Settings settings) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "rare-egress-simulate");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putAll(KafkaClients.producer(settings));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    /** A sink producing to {@code topic} with {@link #producerProperties}. */
    public static KafkaEventSink create(Settings settings, String topic) {
        return new KafkaEventSink(new KafkaProducer<>(producerProperties(settings)), topic);
    }

    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) {
        throwIfFailed();
        // The record is stamped now, not with the event's time: a month-old history stamped with its
        // own times would fall straight out of a topic's time-based retention. The detector reads Timestamp.
        producer.send(new ProducerRecord<>(topic, deviceId, Arrays.copyOf(row, length)),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
    }

    /** Waits until every record sent so far is acknowledged; throws if any was not. */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void throwIfFailed() {
        Exception first = failure.get();
        if (first != null) {
            throw new KafkaException("producing to " + topic + " failed: " + first.getMessage(), first);
        }
    }
}
