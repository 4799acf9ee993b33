package org.rareegress.runtime;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;

/** The input topic as the detector needs it at start: its number of partitions, each one source of event-time order. */
final class InputTopic {
    private static final long DESCRIBE_SECONDS = 60;

    private InputTopic() {
    }

    /** The input topic's partition count; fails with what to do when the topic does not exist or cannot be described. */
    static int partitions(Settings settings) {
        return partitions(settings, settings.topics().input(), "input", "topic.input");
    }

    /**
     * Fails with what to do when the allowlist topic does not exist: every instance reads it whole before it
     * starts, and Kafka Streams would otherwise stop with a message that names neither the key nor the remedy.
     */
    static void requireAllowlist(Settings settings) {
        partitions(settings, settings.topics().allowlist(), "allowlist", "topic.allowlist");
    }

    private static int partitions(Settings settings, String topic, String role, String key) {
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(DESCRIBE_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("The " + role + " topic " + topic + " (" + key + ") does not exist; create it"
                        + " with `rare-egress topics` before starting the detector", e.getCause());
            }
            throw new IllegalStateException("Cannot describe the " + role + " topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot describe the " + role + " topic " + topic + " within " + DESCRIBE_SECONDS
                    + " s: is kafka.bootstrap.servers (" + settings.kafka().get("bootstrap.servers") + ") reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the " + role + " topic " + topic, e);
        }
    }
}
