package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;

class KafkaEventSinkTest {

    @Test
    void producerTakesOnlyClientKeysAndTheUsersSettingsWin() {
        Settings settings = SettingsLoader.load(null, Map.of(),
                List.of("kafka.bootstrap.servers=broker:29092", "kafka.compression.type=zstd"));

        Properties properties = KafkaEventSink.producerProperties(settings);

        assertThat(properties).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:29092")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        assertThat(properties).doesNotContainKeys("application.id", "processing.guarantee");
    }

    @Test
    void theDefaultSettingsMakeAValidProducer() {
        Settings settings = Settings.defaults();

        // A KafkaProducer validates its whole configuration when built, before it talks to any broker.
        assertThatCode(() -> KafkaEventSink.create(settings, settings.topics().input()).close())
                .doesNotThrowAnyException();
    }
}
