package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.demo.LocalKafka;

/**
 * The in-JVM broker is a real Kafka: records round-trip, transactions work as exactly_once_v2 needs, and its
 * data directory behaves as documented.
 */
@ExtendWith(KafkaBroker.class)
class LocalKafkaIT {

    @Test
    void consumerReadsBackWhatProducerWrote(TestKafka kafka) {
        String topic = kafka.createTopic("round-trip", 2);

        kafka.produce(topic, List.of(KeyValue.pair("a", "1"), KeyValue.pair("b", "2"), KeyValue.pair("a", "3")));

        List<ConsumerRecord<String, String>> records = kafka.readAll(topic, IsolationLevel.READ_UNCOMMITTED);
        assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        tuple("a", "1"),
                        tuple("b", "2"),
                        tuple("a", "3"));
        assertThat(records.stream().filter(r -> r.key().equals("a")).map(ConsumerRecord::value))
                .as("one key stays on one partition, in order")
                .containsExactly("1", "3");
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly(TestKafka kafka) throws Exception {
        String topic = kafka.createTopic("transactions", 1);
        Map<String, Object> config = kafka.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.newTopicName("tx"));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            inTransaction(producer, topic, "committed-1", true);
            inTransaction(producer, topic, "aborted", false);
            inTransaction(producer, topic, "committed-2", true);
        }

        // commitTransaction returns once the coordinator has decided; the markers reach the partition just after,
        // and until then a read_committed reader stops short of the last transaction (its stable offset).
        List<String> committed = Await.value("the last commit marker on the partition", Duration.ofSeconds(30),
                Duration.ofMillis(50), () -> {
                    List<String> values = kafka.readValues(topic, IsolationLevel.READ_COMMITTED);
                    return values.contains("committed-2") ? values : null;
                });
        assertThat(committed).containsExactly("committed-1", "committed-2");
        assertThat(kafka.readValues(topic, IsolationLevel.READ_UNCOMMITTED))
                .as("the aborted record was written, and only the isolation level hides it")
                .containsExactly("committed-1", "aborted", "committed-2");
    }

    @Test
    void restartOnTheSameDataDirectoryKeepsTopicsAndRecords(@TempDir Path dataDir) {
        String topic;
        try (TestKafka first = TestKafka.wrap(LocalKafka.start(dataDir, 0))) {
            topic = first.createTopic("kept", 1);
            first.produce(topic, List.of(KeyValue.pair("k", "before-restart")));
        }

        try (TestKafka second = TestKafka.wrap(LocalKafka.start(dataDir, 0))) {
            assertThat(second.readValues(topic, IsolationLevel.READ_COMMITTED)).containsExactly("before-restart");
        }
        assertThat(dataDir).as("a directory the caller gave is the caller's").isNotEmptyDirectory();
    }

    @Test
    void closeDeletesTheTemporaryDirectoryItCreated() {
        LocalKafka kafka = LocalKafka.start();
        Path dataDir = kafka.dataDir();

        kafka.close();

        assertThat(dataDir).doesNotExist();
    }

    private static void inTransaction(KafkaProducer<String, String> producer, String topic, String value, boolean commit) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "key", value));
        producer.flush();
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }
}
