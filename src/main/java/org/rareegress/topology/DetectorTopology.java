package org.rareegress.topology;

import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.detect.Alert;
import org.rareegress.detect.EgressFilter;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.ProcessTracker;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.read.RecordReaders;
import org.rareegress.order.SourceMessage;

/**
 * The detector as a Kafka Streams topology, in pipeline order (the README draws the same picture):
 *
 * <pre>
 * read-network-events → parse-network-events → keep-egress-candidates → route-screened-
 *     ├─ dead-letters → format-dead-letters → write-dead-letters
 *     └─ candidates → unwrap-candidates → [process-candidates repartition: kept events by process name,
 *                                          progress reports of every source to every partition]
 *          → order-by-event-time → track-process-prevalence → apply-allowlist → route-outputs-
 *               ├─ alerts → enrich-alerts → write-alerts
 *               └─ rows → enrich-rare-processes → write-rare-processes (compacted: upserts, tombstones)
 *
 * load-allowlist-rules-source → load-allowlist-rules → [allowlist-store: global, every instance holds every rule]
 * </pre>
 */
public final class DetectorTopology {
    private DetectorTopology() {
    }

    public static Topology build(Settings settings, DetectorMetrics metrics, Enricher enricher, TopologyOptions options,
                                 Clock clock) {
        StoreKind storeKind = options.storeKind();
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(StreamsProperties.of(settings, metrics))));
        ProcessTracker tracker = new ProcessTracker(settings.detector());
        EgressFilter filter = new EgressFilter(settings.filter());
        OutputSizeGuard guard = OutputSizeGuard.of(settings);
        AlertEncoder alertEncoder = new AlertEncoder(settings.alertFormat(), settings.filter());
        String alertsTopic = settings.topics().alerts();
        String rowsTopic = settings.topics().rareProcesses();
        String deadLetterTopic = settings.topics().deadLetter();

        builder.addStateStore(store(Names.PROCESS_PREVALENCE_STORE, storeKind, Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(store(Names.EXPIRY_SCHEDULE_STORE, storeKind, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(store(Names.TASK_CLOCK_STORE, storeKind, Serdes.String(), Serdes.Long()));
        builder.addStateStore(store(Names.TRACKER_BOUNDS_STORE, storeKind, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(store(Names.SYSMON_PROCESS_STORE, storeKind, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(store(Names.SOURCE_PROGRESS_STORE, storeKind, Serdes.Integer(), Serdes.ByteArray()));
        builder.addStateStore(store(Names.HELD_EVENTS_STORE, storeKind, Serdes.Bytes(), Serdes.ByteArray()));

        KStream<byte[], byte[]> raw = builder.stream(settings.topics().input(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        // Kafka timestamps are never event time: nothing downstream reads them (event
                        // time travels inside each event), and brokers reject CreateTime records stamped
                        // an hour or more ahead, so every record keeps its input record's timestamp.
                        .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp())
                        .withName(Names.READ_NETWORK_EVENTS));

        Map<String, KStream<String, Screened>> screened = raw
                .process(() -> parseNetworkEvents(settings, metrics, options, clock),
                        Named.as(Names.PARSE_NETWORK_EVENTS), Names.SYSMON_PROCESS_STORE)
                .process(() -> new KeepEgressCandidates(filter, metrics, options,
                                settings.detector().maxOutOfOrdernessNanos(),
                                options.idleTimeout(settings.input().idleTimeout())),
                        Named.as(Names.KEEP_EGRESS_CANDIDATES))
                .split(Named.as(Names.ROUTE_SCREENED))
                .branch((key, value) -> value instanceof Screened.Rejected, Branched.as(Names.DEAD_LETTERS_BRANCH))
                .defaultBranch(Branched.as(Names.CANDIDATES_BRANCH));

        screened.get(Names.ROUTE_SCREENED + Names.DEAD_LETTERS_BRANCH)
                // Bounded by the producer's limit too, so a lowered max.request.size cuts the raw content
                // and keeps the reason, instead of the guard turning the dead letter into another one.
                .mapValues((key, value) -> guard.check(deadLetterTopic, key,
                                OutputJson.deadLetter(((Screened.Rejected) value).deadLetter(),
                                        guard.roomForValue(key))),
                        Named.as(Names.FORMAT_DEAD_LETTERS))
                .to(deadLetterTopic,
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName(Names.WRITE_DEAD_LETTERS));

        Map<String, KStream<String, DetectorOutput>> outputs = screened.get(Names.ROUTE_SCREENED + Names.CANDIDATES_BRANCH)
                .mapValues(value -> ((Screened.Ordered) value).message(), Named.as(Names.UNWRAP_CANDIDATES))
                .repartition(Repartitioned.<String, SourceMessage>as(Names.REPARTITION_BY_PROCESS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(SourceMessageSerde.INSTANCE)
                        .withStreamPartitioner(new ProgressToEveryPartition()))
                .process(() -> new OrderByEventTime(options, metrics), Named.as(Names.ORDER_BY_EVENT_TIME),
                        Names.SOURCE_PROGRESS_STORE, Names.HELD_EVENTS_STORE)
                .process(() -> new TrackProcessPrevalence(tracker, settings.detector(), metrics,
                                RefinedDimensions.of(settings.detector(), enricher)),
                        Named.as(Names.TRACK_PROCESS_PREVALENCE), Names.PROCESS_PREVALENCE_STORE,
                        Names.EXPIRY_SCHEDULE_STORE, Names.TASK_CLOCK_STORE, Names.TRACKER_BOUNDS_STORE)
                .process(() -> new ApplyAllowlist(metrics), Named.as(Names.APPLY_ALLOWLIST))
                .split(Named.as(Names.ROUTE_OUTPUTS))
                .branch((key, value) -> !(value instanceof DetectorOutput.RowOut), Branched.as(Names.ALERTS_BRANCH))
                .defaultBranch(Branched.as(Names.ROWS_BRANCH));

        outputs.get(Names.ROUTE_OUTPUTS + Names.ALERTS_BRANCH)
                .mapValues((key, value) -> guard.check(alertsTopic, key, alertBytes(value, alertEncoder, enricher)),
                        Named.as(Names.ENRICH_ALERTS))
                .to(alertsTopic,
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName(Names.WRITE_ALERTS));

        outputs.get(Names.ROUTE_OUTPUTS + Names.ROWS_BRANCH)
                .mapValues((key, value) -> guard.check(rowsTopic, key, rowBytes(((DetectorOutput.RowOut) value).row(),
                                enricher)),
                        Named.as(Names.ENRICH_RARE_PROCESSES))
                .to(rowsTopic,
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName(Names.WRITE_RARE_PROCESSES));

        // Added last, so that the sub-topologies of the running state keep their ids (0 and 1: task
        // directories and assignments). In memory and rebuilt from the topic at every start (the topic is its changelog): a checkpointed copy
        // could outlive a tombstone compacted away while the instance was down and keep a removed rule.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.ALLOWLIST_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                settings.topics().allowlist(),
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp())
                        .withName(Names.LOAD_ALLOWLIST_RULES),
                () -> new LoadAllowlistRules(metrics));

        return builder.build(StreamsProperties.of(settings, metrics));
    }

    /**
     * The node that reads the input, with what the run mode adds: a backtest's reader skips what is after its
     * {@code --as-of} and its file batches are read as lines; a replay's node stops at its end offsets.
     */
    static Processor<byte[], byte[], byte[], Screened> parseNetworkEvents(Settings settings, DetectorMetrics metrics,
                                                                        TopologyOptions options, Clock clock) {
        ParseNetworkEvents parse = new ParseNetworkEvents(
                processes -> SkipAfterAsOf.of(RecordReaders.create(settings.input(), clock, processes,
                                EgressFilter.earlyDrop(settings.filter())),
                        options.ignoreAfterNanos(), metrics),
                settings.input(), metrics, options.fileBatches() ? new FileBatches(options.sources(), metrics) : null);
        return options.endOffsets().isEmpty() ? parse : new StopAtEndOffsets(parse, options.endOffsets());
    }

    /** A record of the alerts topic: an alert, or a STORM alert, in {@code alert.format}. */
    static byte[] alertBytes(DetectorOutput output, AlertEncoder encoder, Enricher enricher) {
        return output instanceof DetectorOutput.StormOut storm ? encoder.encode(storm.storm())
                : alertBytes(((DetectorOutput.AlertOut) output).alert(), encoder, enricher);
    }

    /**
     * An alert as written to the alerts topic: enriched, in {@code alert.format}. A STORM alert is not enriched:
     * it names processes, not one connection.
     */
    static byte[] alertBytes(Alert alert, AlertEncoder encoder, Enricher enricher) {
        return encoder.encode(enricher.enrich(alert));
    }

    /** A table row as written to the rare-processes topic (null: the tombstone). */
    static byte[] rowBytes(HuntRow row, Enricher enricher) {
        return row == null ? null : OutputJson.toBytes(enricher.enrich(row));
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, StoreKind kind, Serde<K> keySerde,
                                                                 Serde<V> valueSerde) {
        KeyValueBytesStoreSupplier supplier = kind == StoreKind.PERSISTENT
                ? Stores.persistentKeyValueStore(name)
                : Stores.inMemoryKeyValueStore(name);
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
        // Live: the record cache saves RocksDB and changelog writes for hot processes between commits.
        // Backtest: stores are in memory with nothing to log, and the test driver commits after every
        // record, so a cache would only add a flush per record.
        return kind == StoreKind.PERSISTENT ? builder.withCachingEnabled() : builder.withLoggingDisabled();
    }
}
