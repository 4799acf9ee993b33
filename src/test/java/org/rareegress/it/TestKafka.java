package org.rareegress.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.rareegress.runtime.demo.LocalKafka;

/** The shared test broker and small, deadline-bounded helpers to create topics, produce and read them back. */
public final class TestKafka implements AutoCloseable {
    /** Long enough for a loaded shared machine, short enough that a broken test fails rather than hangs. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

    private final LocalKafka kafka;

    private TestKafka(LocalKafka kafka) {
        this.kafka = kafka;
    }

    static TestKafka start() {
        return wrap(LocalKafka.start());
    }

    /** The helpers on another broker, e.g. one a test starts and stops itself; closing closes it. */
    static TestKafka wrap(LocalKafka kafka) {
        return new TestKafka(kafka);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A topic name no other test of this JVM uses: {@code prefix-N-xxxxxxxx}. */
    public String newTopicName(String prefix) {
        return prefix + "-" + TOPIC_COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a fresh topic (replication 1) and returns its name. */
    public String createTopic(String prefix, int partitions) {
        String topic = newTopicName(prefix);
        createTopic(new NewTopic(topic, partitions, (short) 1));
        return topic;
    }

    /** Creates the topic and returns once the broker serves it (every partition has a leader). */
    public void createTopic(NewTopic topic) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // The controller answers before the broker's metadata has the topic: wait for it to be served.
            while (!served(admin, topic.name())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic.name() + " not served after " + TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic.name(), e);
        }
    }

    private static boolean served(Admin admin, String topic) throws InterruptedException, TimeoutException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().allMatch(partition -> partition.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("cannot describe topic " + topic, e.getCause());
        }
    }

    /** A new admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /** Producer settings with String serializers and acks=all; add transactional.id for transactions. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** Consumer settings with String deserializers, no group (partitions are assigned), the given isolation. */
    public Map<String, Object> consumerConfig(IsolationLevel isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Produces the records (key, value) and waits until the broker has acknowledged them all. */
    public void produce(String topic, List<KeyValue<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<?>> sent = new ArrayList<>();
            for (KeyValue<String, String> record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.key, record.value)));
            }
            for (Future<?> future : sent) {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** Produces each value to its given partition (unkeyed), in list order, and waits for the broker's acknowledgement. */
    public void produceToPartitions(String topic, List<KeyValue<Integer, String>> partitionAndValue) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<?>> sent = new ArrayList<>();
            for (KeyValue<Integer, String> record : partitionAndValue) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.key, null, record.value)));
            }
            for (Future<?> future : sent) {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /**
     * Everything in the topic, from the beginning up to the end offsets taken when called (for
     * read_committed, up to the last stable offset); within a partition in offset order.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, IsolationLevel isolation) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(isolation))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, TIMEOUT) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to " + end + " took longer than " + TIMEOUT
                            + "; got " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The values of {@link #readAll}, for assertions. */
    public List<String> readValues(String topic, IsolationLevel isolation) {
        return readAll(topic, isolation).stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
