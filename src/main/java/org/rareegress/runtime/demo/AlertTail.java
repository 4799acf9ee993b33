package org.rareegress.runtime.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.rareegress.codec.OutputJson;
import org.rareegress.runtime.TopicReader;

/**
 * Follows an alert topic from its beginning with {@code read_committed} on its own thread and hands
 * each alert over as it arrives: what an analyst subscribed to the topic would see.
 */
final class AlertTail implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong seen = new AtomicLong();
    private final Object lock = new Object();

    AlertTail(Properties clientProperties, String topic, Consumer<JsonNode> onAlert) {
        this.consumer = TopicReader.fromBeginning(clientProperties, topic, Duration.ofSeconds(30));
        this.thread = new Thread(() -> {
            while (running.get()) {
                synchronized (lock) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        onAlert.accept(parse(record.value()));
                        seen.incrementAndGet();
                    }
                }
            }
        }, "rare-egress-alert-tail");
        thread.setDaemon(true);
        thread.start();
    }

    long seen() {
        return seen.get();
    }

    /** Waits until everything committed on the topic so far has been handed over. */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lock) {
                var end = consumer.endOffsets(consumer.assignment());
                boolean caughtUp = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                if (caughtUp) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return OutputJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("an alert that is not JSON", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        synchronized (lock) {
            consumer.close();
        }
    }
}
