package org.rareegress.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.AllowRules;
import org.rareegress.allow.BadRuleException;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;

/** The allowlist topic as {@code allow} reads and writes it: the rules in force, a rule written, a rule removed. */
final class AllowlistTopic {
    private final Settings settings;
    private final String topic;
    private final Duration timeout;

    AllowlistTopic(Settings settings, Duration timeout) {
        this.settings = settings;
        this.topic = settings.topics().allowlist();
        this.timeout = timeout;
    }

    /** What the topic holds now, as the detector reads it: the latest record of each key, tombstones removing. */
    record Contents(Map<String, AllowRule> rules, Map<String, String> rejected) {
    }

    Contents read() {
        Properties properties = KafkaClients.consumer(settings);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, AllowRule> rules = new TreeMap<>();
        Map<String, String> rejected = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw missing();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record, rules, rejected);
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + timeout + ": is kafka.bootstrap.servers ("
                    + settings.kafka().get("bootstrap.servers") + ") reachable?", e);
        }
        return new Contents(rules, rejected);
    }

    private static void apply(ConsumerRecord<String, byte[]> record, Map<String, AllowRule> rules,
                              Map<String, String> rejected) {
        String key = record.key();
        if (key == null) {
            rejected.put("(no key) at offset " + record.offset(), "a record without a key");
            return;
        }
        rules.remove(key);
        rejected.remove(key);
        if (record.value() == null) {
            return;
        }
        try {
            AllowRule rule = AllowRules.parse(record.value());
            if (!rule.ruleId().equals(key)) {
                throw new BadRuleException("the record's key '" + key + "' is not its RuleId '" + rule.ruleId() + "'");
            }
            rules.put(key, rule);
        } catch (BadRuleException e) {
            rejected.put(key, e.getMessage());
        }
    }

    /** Writes one rule (its canonical JSON under its RuleId), or a tombstone when {@code rule} is null. */
    void write(String ruleId, AllowRule rule) {
        Properties properties = KafkaClients.producer(settings);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        byte[] value = rule == null ? null : rule.toJson().getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, ruleId, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw missing();
            }
            throw new IllegalStateException("could not write to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw missing();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    private IllegalStateException missing() {
        return new IllegalStateException("the allowlist topic " + topic + " (topic.allowlist) was not found within "
                + timeout + ": create it with `rare-egress topics`, and check kafka.bootstrap.servers ("
                + settings.kafka().get("bootstrap.servers") + ")");
    }
}
