package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rareegress.config.ConfigValue;

class SecretMaskingTest {

    @Test
    void masksEveryKafkaKeyTheClientsDeclareAsAPasswordEvenWithoutASecretLookingName() {
        Map<String, ConfigValue> effective = new TreeMap<>(Map.of(
                "kafka.ssl.keystore.key", new ConfigValue("-----BEGIN PRIVATE KEY-----abc", "env"),
                "kafka.sasl.jaas.config", new ConfigValue("... password=\"hunter2\";", "env"),
                "kafka.ssl.truststore.password", new ConfigValue("changeit", "file x")));

        String logged = SecretMasking.describe(effective);

        assertThat(logged).doesNotContain("BEGIN PRIVATE KEY", "hunter2", "changeit").contains(SecretMasking.MASK);
    }

    @Test
    void leavesOrdinaryKeysReadable() {
        Map<String, ConfigValue> effective = new TreeMap<>(Map.of(
                "kafka.bootstrap.servers", new ConfigValue("broker:9092", "--set"),
                "detector.threshold", new ConfigValue("4", "default")));

        assertThat(SecretMasking.describe(effective)).contains("broker:9092", "detector.threshold = 4");
    }
}
