package org.rareegress.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts the web view shows: a consumer of this instance's own reads the alert topic as an analyst's
 * subscription would ({@code read_committed}, so only alerts exactly-once processing made final, from
 * every instance), starting a little before its end, into an {@link AlertRing}. It is in no group and
 * commits nothing. It never affects detection: if it cannot read (no read permission on the topic, the
 * broker away), it says why in {@link #error()} and tries again later.
 */
final class RecentAlerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecentAlerts.class);
    /** Bytes of alerts kept at most, whatever their number: an alert is at most about 1 MB. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final Properties clientProperties;
    private final String topic;
    private final int keep;
    private final AlertRing ring;
    private final Thread thread;
    private volatile boolean running = true;
    /** Counted down by {@link #close()}: ends the wait between attempts without interrupting the thread. */
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private volatile String error;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    RecentAlerts(Properties clientProperties, String topic, int keep) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.keep = keep;
        this.ring = new AlertRing(keep, MAX_BYTES);
        this.thread = new Thread(this::readForever, "rare-egress-recent-alerts");
        thread.setDaemon(true);
        thread.start();
    }

    AlertRing.Page after(long seq, int limit) {
        return ring.after(seq, limit);
    }

    /** Why alerts cannot be read now, or null while they can. */
    String error() {
        return error;
    }

    private void readForever() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> opened = open()) {
                consumer = opened;
                if (!running) {
                    return;
                }
                seekNearTheEnd(opened);
                error = null;
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : opened.poll(Duration.ofMillis(500))) {
                        if (record.value() != null) {
                            ring.add(record.value());
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                error = "cannot read " + topic + ": " + e.getMessage();
                LOG.warn("The web view's recent alerts cannot be read from {} (retrying in {}): {}", topic, RETRY,
                        e.toString());
                sleep(RETRY);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> open() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Its own id: clients of one JVM (tests run several detectors) must not share their JMX names.
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "rare-egress-recent-alerts-"
                + java.util.UUID.randomUUID().toString().substring(0, 8));
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every partition, from {@code keep} records before its end: the page shows the latest alerts at once. */
    private void seekNearTheEnd(KafkaConsumer<byte[], byte[]> opened) {
        List<TopicPartition> partitions = new ArrayList<>();
        opened.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        opened.assign(partitions);
        Map<TopicPartition, Long> begin = opened.beginningOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = opened.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition partition : partitions) {
            opened.seek(partition, Math.max(begin.get(partition), end.get(partition) - keep));
        }
    }

    private void sleep(Duration duration) {
        try {
            closing.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops the reader: a wakeup ends its poll (an interrupt would make the consumer's own close fail
     * loudly), and the wait between attempts ends at once.
     */
    @Override
    public void close() {
        running = false;
        closing.countDown();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
