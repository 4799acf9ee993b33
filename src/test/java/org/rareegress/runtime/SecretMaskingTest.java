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

    @Test
    void masksAKafkaValueThatLooksLikeACredentialWhateverItsKey() {
        Map<String, ConfigValue> effective = new TreeMap<>(Map.of(
                "kafka.sasl.jass.config", new ConfigValue("org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"u\" password=\"hunter2\";", "env"),
                "kafka.custom.login", new ConfigValue("username=svc password=hunter3", "file x"),
                "kafka.eventhubs.connection", new ConfigValue("Endpoint=sb://ns.servicebus.windows.net/;"
                        + "SharedAccessKeyName=send;SharedAccessKey=abcdefSECRET=", "env"),
                "kafka.schema.registry.url", new ConfigValue("https://svc:hunter4@registry:8081", "env"),
                "kafka.ssl.keystore.chain", new ConfigValue("-----BEGIN CERTIFICATE-----MIIB", "env"),
                "kafka.sasl.oauthbearer.jwt", new ConfigValue("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "env")));

        String logged = SecretMasking.describe(effective);

        assertThat(logged).doesNotContain("hunter2", "hunter3", "hunter4", "abcdefSECRET", "MIIB", "eyJzdWIiOiJ4In0")
                .contains("kafka.sasl.jass.config = " + SecretMasking.MASK);
    }

    @Test
    void masksAMisspeltPasswordKeyWhoseValueLooksHarmless() {
        Map<String, ConfigValue> effective = new TreeMap<>(Map.of(
                "kafka.ssl.truststore.pasword", new ConfigValue("changeit", "env"),
                "kafka.ssl.keypassword", new ConfigValue("changeme", "env")));

        assertThat(SecretMasking.describe(effective)).doesNotContain("changeit", "changeme");
    }

    @Test
    void leavesOrdinaryKafkaSettingsReadable() {
        Map<String, ConfigValue> effective = new TreeMap<>(Map.of(
                "kafka.ssl.keystore.type", new ConfigValue("PKCS12", "env"),
                "kafka.security.protocol", new ConfigValue("SASL_SSL", "env"),
                "kafka.sasl.mechanism", new ConfigValue("SCRAM-SHA-512", "env"),
                "kafka.client.id", new ConfigValue("detector-0", "env")));

        assertThat(SecretMasking.describe(effective)).contains("PKCS12", "SASL_SSL", "SCRAM-SHA-512", "detector-0")
                .doesNotContain(SecretMasking.MASK);
    }

    @Test
    void masksTheHttpAuthToken() {
        Map<String, ConfigValue> effective = new TreeMap<>(Map.of(
                "http.auth-token", new ConfigValue("0123456789abcdef-token", "env RARE_EGRESS_HTTP_AUTH_TOKEN")));

        assertThat(SecretMasking.describe(effective)).doesNotContain("0123456789abcdef").contains(SecretMasking.MASK);
    }
}
