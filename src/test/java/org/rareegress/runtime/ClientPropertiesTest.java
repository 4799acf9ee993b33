package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {
    private static final Map<String, String> KAFKA = Map.of(
            "bootstrap.servers", "broker:9092",
            "application.id", "rare-egress",
            "processing.guarantee", "exactly_once_v2",
            "security.protocol", "SASL_SSL",
            "admin.request.timeout.ms", "5000",
            "producer.linger.ms", "20",
            "my.plugin.setting", "x");

    @Test
    void adminGetsClientKeysWithoutStreamsOnlyKeys() {
        Map<String, Object> admin = ClientProperties.admin(KAFKA);

        assertThat(admin).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKeys("application.id", "processing.guarantee", "producer.linger.ms");
    }

    @Test
    void prefixedOverridesApplyToTheirClientOnly() {
        assertThat(ClientProperties.admin(KAFKA)).containsEntry("request.timeout.ms", "5000").doesNotContainKey("linger.ms");
        assertThat(ClientProperties.producer(KAFKA)).containsEntry("linger.ms", "20").doesNotContainKey("request.timeout.ms");
    }

    @Test
    void keysNoKafkaConfigKnowsArePassedOnForPlugins() {
        assertThat(ClientProperties.consumer(KAFKA)).containsEntry("my.plugin.setting", "x");
    }
}
