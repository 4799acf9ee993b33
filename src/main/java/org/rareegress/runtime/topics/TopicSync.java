package org.rareegress.runtime.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics and compares existing ones with their definitions. It never alters an existing
 * topic: a partition count or a cleanup policy changed under a running detector changes what it computes,
 * so drift is for a person to decide on. Every call is bounded by the timeout.
 */
public final class TopicSync {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSync.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicSync(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Thrown when the cluster does not answer, or refuses, within the timeout. */
    public static final class ClusterException extends RuntimeException {
        ClusterException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param wanted definitions by topic name, in the order to report */
    public List<TopicOutcome> sync(Map<String, TopicDefinition> wanted) {
        int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        Map<String, TopicDefinition> missing = new LinkedHashMap<>();
        wanted.forEach((topic, definition) -> {
            if (!existing.contains(topic)) {
                missing.put(topic, definition);
            }
        });
        // Check every missing topic can be made before making any, so a failure leaves nothing half done.
        missing.forEach((topic, definition) -> {
            if (definition.replicationFactor() > brokers) {
                throw new ClusterException("cannot create " + topic + ": " + definition.source() + " asks for replication "
                        + definition.replicationFactor() + " but the cluster has " + brokers + " broker(s); use"
                        + " --replication-factor " + brokers + " for a cluster this small", null);
            }
        });
        Set<String> created = create(missing);
        if (!created.isEmpty()) {
            describeWhenVisible(created);
        }
        List<TopicOutcome> outcomes = new ArrayList<>();
        List<String> toCompare = wanted.keySet().stream().filter(topic -> !created.contains(topic)).toList();
        Map<String, List<String>> differences = compare(toCompare, wanted);
        wanted.forEach((topic, definition) -> {
            if (created.contains(topic)) {
                outcomes.add(new TopicOutcome(topic, definition, TopicOutcome.Status.CREATED, List.of()));
            } else {
                List<String> found = differences.get(topic);
                outcomes.add(new TopicOutcome(topic, definition,
                        found.isEmpty() ? TopicOutcome.Status.UNCHANGED : TopicOutcome.Status.DRIFTED, found));
            }
        });
        return outcomes;
    }

    private Set<String> create(Map<String, TopicDefinition> missing) {
        if (missing.isEmpty()) {
            return Set.of();
        }
        List<NewTopic> topics = new ArrayList<>();
        missing.forEach((topic, definition) -> topics.add(
                new NewTopic(topic, definition.partitions(), definition.replicationFactor()).configs(definition.configs())));
        Set<String> created = new HashSet<>();
        admin.createTopics(topics).values().forEach((topic, future) -> {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic);
                LOG.debug("Created topic {}", topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw unreachable("create " + topic, e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new ClusterException("cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
                // Someone else created it since we listed: compare it like any existing topic.
            } catch (TimeoutException e) {
                throw new ClusterException("creating " + topic + " timed out after " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted", e);
            }
        });
        return created;
    }

    private Map<String, List<String>> compare(List<String> topics, Map<String, TopicDefinition> wanted) {
        Map<String, List<String>> differences = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return differences;
        }
        Map<String, TopicDescription> descriptions = describeWhenVisible(topics);
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
        for (String topic : topics) {
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            differences.put(topic, TopicDrift.differences(wanted.get(topic), descriptions.get(topic), actual));
        }
        return differences;
    }

    /**
     * The controller acknowledges a new topic before the broker's metadata has it. Poll until the topics
     * are described with a leader for every partition, so "created" means usable (a Streams app started
     * right after would otherwise find its source topic missing), and a topic someone else has just
     * created can be compared.
     */
    private Map<String, TopicDescription> describeWhenVisible(Collection<String> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(left, TimeUnit.NANOSECONDS);
                boolean led = descriptions.values().stream()
                        .allMatch(description -> description.partitions().stream().allMatch(p -> p.leader() != null));
                if (led) {
                    return descriptions;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw unreachable("describe topics", e.getCause());
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new ClusterException("could not describe topics: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new ClusterException("could not describe topics within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException("topics " + topics + " have no leader on every partition after " + timeout, null);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted", e);
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The admin client's own deadline (default.api.timeout.ms) can expire a moment before ours and
            // arrives as a Kafka TimeoutException cause: the same condition, so the same message.
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what, e.getCause());
            }
            throw new ClusterException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted", e);
        }
    }

    private ClusterException unreachable(String what, Throwable cause) {
        return new ClusterException("could not " + what + " within " + timeout + " (is the cluster reachable?)", cause);
    }
}
