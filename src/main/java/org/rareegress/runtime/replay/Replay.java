package org.rareegress.runtime.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.rareegress.backtest.ProgressLine;
import org.rareegress.config.Settings;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.runtime.ConsumerLagProbe;
import org.rareegress.runtime.OrderDrained;
import org.rareegress.runtime.ProcessingProgress;
import org.rareegress.runtime.RocksDbMemory;
import org.rareegress.runtime.topics.TopicDefinition;
import org.rareegress.runtime.topics.TopicDefinitions;
import org.rareegress.runtime.topics.TopicRole;
import org.rareegress.topology.DetectorMetrics;
import org.rareegress.topology.DetectorTopology;
import org.rareegress.topology.StreamsProperties;
import org.rareegress.topology.TopologyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A historic topic through the detector under its own application id, state directory and output
 * topics, up to the end offsets taken at start. The live application's topics, consumer group and
 * state are never touched: {@link #isolation} derives every name from the replay's id.
 */
public final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Settings settings;
    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> internalTopics = new LinkedHashSet<>();

    private final boolean quiet;

    /** @param quiet no progress line on standard error while it runs */
    Replay(Settings settings, boolean quiet) {
        this.settings = settings;
        this.quiet = quiet;
    }

    /** The settings a replay imposes: its id, its input, its outputs, its state directory. */
    static List<String> isolation(String applicationId, String sourceTopic, String alertsTopic, Path stateDir) {
        return List.of("kafka.application.id=" + applicationId,
                "topic.input=" + sourceTopic,
                "topic.alerts=" + alertsTopic,
                "topic.rare-processes=" + applicationId + "-rare-processes",
                "topic.dead-letter=" + applicationId + "-dead-letter",
                "kafka.state.dir=" + stateDir);
    }

    /** Runs the replay to its end; returns the detector's counters. */
    DetectorMetrics run(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            String source = settings.topics().input();
            Map<String, TopicDescription> described = admin.describeTopics(List.of(source)).allTopicNames().get();
            int partitions = described.get(source).partitions().size();
            Map<TopicPartition, Long> end = ProcessingProgress.endOffsetsOf(admin, source);
            LOG.info("Replaying {} ({} partitions, {} records) as {} up to the end offsets {}", source, partitions,
                    end.values().stream().mapToLong(Long::longValue).sum(), settings.applicationId(), end);
            createOutputs(admin, partitions);

            DetectorMetrics metrics = new DetectorMetrics();
            Map<Integer, Long> endByPartition = end.entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
            try (Enricher enricher = Enrichers.create(settings.geoip())) {
                ConsumerLagProbe backlog = new ConsumerLagProbe(source);
                Topology topology = DetectorTopology.build(settings, metrics, enricher,
                        TopologyOptions.replay(endByPartition, backlog), Clock.systemUTC());
                internalTopics.addAll(internalTopics(topology, settings.applicationId()));
                long records = end.values().stream().mapToLong(Long::longValue).sum() - beginningOffsets(admin, end);
                Properties properties = StreamsProperties.of(settings, metrics);
                RocksDbMemory memory = RocksDbMemory.configure(properties, settings);
                try (memory; KafkaStreams streams = new KafkaStreams(topology, properties)) {
                    backlog.attach(streams);
                    streams.start();
                    ProgressLine progress = ProgressLine.start("replay", () -> new ProgressLine.Reading(
                            metrics.eventsRead(), consumed(streams, source, "bytes-consumed-total"),
                            consumed(streams, source, "records-consumed-total"), records, "records",
                            metrics.newestEventTime()), quiet);
                    try {
                        awaitDone(streams, metrics, partitions, ProcessingProgress.of(admin, settings.applicationId(), end),
                                timeout);
                    } finally {
                        ProgressLine.stop(progress);
                    }
                    // A live client keeps its group membership across restarts; a finished replay leaves at once.
                    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(settings.shutdownTimeout()));
                }
            }
            return metrics;
        }
    }

    /** The sum of the partitions' first offsets: with the end offsets, how many records the replay reads. */
    private static long beginningOffsets(Admin admin, Map<TopicPartition, Long> end)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> earliest = end.keySet().stream()
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.earliest()));
        return admin.listOffsets(earliest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    /**
     * A total of the main consumer's fetch metrics for {@code topic} (the consumer tags it with dots as
     * underscores), or -1 before its first fetch; the restore consumer reads changelogs, never the input.
     */
    static long consumed(KafkaStreams streams, String topic, String metric) {
        double total = 0;
        boolean seen = false;
        for (var entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            String tag = name.tags().get("topic");
            if (metric.equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
                    && (topic.equals(tag) || topic.replace('.', '_').equals(tag))
                    && entry.getValue().metricValue() instanceof Number value && !Double.isNaN(value.doubleValue())) {
                total += value.doubleValue();
                seen = true;
            }
        }
        return seen ? (long) total : -1;
    }

    /**
     * Deletes exactly what this replay made: the internal topics of its topology, the output topics it
     * created (except the alert topic when that is the result), its consumer group and its state
     * directory. Never anything by name prefix: another topic may share the replay's id as a prefix.
     */
    void cleanUp(boolean keepAlertsTopic) throws ExecutionException, InterruptedException {
        Set<String> doomed = new LinkedHashSet<>(internalTopics);
        doomed.addAll(created);
        if (keepAlertsTopic) {
            doomed.remove(settings.topics().alerts());
        }
        doomed.remove(settings.topics().input());
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            doomed.retainAll(admin.listTopics().names().get());
            admin.deleteTopics(doomed).all().get();
            deleteGroup(admin, settings.applicationId());
            LOG.info("Deleted replay topics {} and group {}", doomed, settings.applicationId());
        }
        deleteRecursively(Path.of(settings.kafka().get(StreamsConfig.STATE_DIR_CONFIG)));
    }

    /** The changelog of every store and every repartition topic, by Kafka Streams' naming: {@code <id>-<name>-...}. */
    static Set<String> internalTopics(Topology topology, String applicationId) {
        Set<String> topics = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> topics.add(applicationId + "-" + store + "-changelog"));
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && sink.topic().endsWith("-repartition")) {
                    topics.add(applicationId + "-" + sink.topic());
                }
            }
        }
        return topics;
    }

    /** The group empties only once the coordinator has seen the closed client leave: retry briefly. */
    private static void deleteGroup(Admin admin, String group) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get();
                return;
            } catch (ExecutionException e) {
                boolean notYet = e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException;
                if (!notYet || Instant.now().isAfter(deadline)) {
                    LOG.warn("Could not delete the replay's consumer group {} ({}); it expires on its own", group,
                            e.getCause().getMessage());
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * Done when every stateful task has heard every source end and holds nothing (all of them run here),
     * and then the committed offsets cover the input and everything written to the repartition topic,
     * the end reports included: their outputs are final.
     */
    private static void awaitDone(KafkaStreams streams, DetectorMetrics metrics, int partitions,
                                  ProcessingProgress progress, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int doneInARow = 0;
        while (doneInARow < 2) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the replay's Streams client stopped: " + streams.state());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the replay did not finish within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
            doneInARow = OrderDrained.everySourceEnded(metrics, partitions) && progress.done() ? doneInARow + 1 : 0;
        }
    }

    /** Output topics as the project defines them (append-time retention matters: outputs carry event time). */
    private void createOutputs(Admin admin, int partitions) throws Exception {
        short brokers = (short) admin.describeCluster().nodes().get().size();
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (TopicDefinition definition : TopicDefinitions.builtIn()) {
            String topic = definition.role().topicName(settings.topics());
            if (definition.role() != TopicRole.INPUT && !existing.contains(topic)) {
                TopicDefinition fitted = definition.withReplicationFactor(
                        (short) Math.min(definition.replicationFactor(), brokers));
                // The allowlist is the live one (a replay applies the rules in force): created as `topics` would,
                // never counted among the replay's own topics, so never deleted with them.
                boolean shared = definition.role() == TopicRole.ALLOWLIST;
                missing.add(new NewTopic(topic, shared ? definition.partitions() : partitions, fitted.replicationFactor())
                        .configs(fitted.configs()));
                if (!shared) {
                    created.add(topic);
                }
            }
        }
        admin.createTopics(missing).all().get();
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
