package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.allow.Allowlist;
import org.rareegress.config.Settings;
import org.rareegress.detect.ProcessTracker;
import org.rareegress.enrich.Enricher;
import org.rareegress.order.SourceMessage;

/**
 * The topology's second sub-topology (event-time order, prevalence, allowlist, alerts and table rows) with its processors
 * called directly, on one thread: the one stateful task of a backtest. It takes what {@link DirectUpstream}s
 * send through the repartition topic, one message at a time, each with the next offset.
 */
public final class DirectDownstream implements AutoCloseable {
    private final DirectNodes nodes;
    private final DirectPipeline.Outputs outputs;
    private final Enricher enricher;
    private final AlertEncoder alertEncoder;
    private final String alertsTopic;
    private final String rowsTopic;
    private final Map<String, StateStore> stores = new HashMap<>();
    private final DirectNodes.Current repartition;
    private final OrderByEventTime order;
    private final TrackProcessPrevalence track;
    private final ApplyAllowlist allow;

    public DirectDownstream(Settings settings, DetectorMetrics metrics, Enricher enricher, TopologyOptions options,
                            DirectPipeline.Outputs outputs) {
        this(settings, metrics, enricher, options, Allowlist.empty(), outputs);
    }

    /** With the rules the topology's global store would hold after reading them from the allowlist topic. */
    public DirectDownstream(Settings settings, DetectorMetrics metrics, Enricher enricher, TopologyOptions options,
                            Allowlist allowlist, DirectPipeline.Outputs outputs) {
        this.nodes = new DirectNodes(settings, metrics);
        this.outputs = outputs;
        this.enricher = enricher;
        this.alertEncoder = new AlertEncoder(settings.alertFormat(), settings.filter());
        this.alertsTopic = settings.topics().alerts();
        this.rowsTopic = settings.topics().rareProcesses();
        this.repartition = new DirectNodes.Current(settings.applicationId() + "-" + Names.REPARTITION_BY_PROCESS
                + "-repartition");
        for (String name : List.of(Names.PROCESS_PREVALENCE_STORE, Names.EXPIRY_SCHEDULE_STORE, Names.TASK_CLOCK_STORE,
                Names.TRACKER_BOUNDS_STORE, Names.SOURCE_PROGRESS_STORE, Names.HELD_EVENTS_STORE)) {
            stores.put(name, new MapStore<>(name));
        }
        MapStore<String, byte[]> rules = new MapStore<>(Names.ALLOWLIST_STORE);
        allowlist.rules().forEach(rule -> rules.put(rule.ruleId(), rule.toJson().getBytes(StandardCharsets.UTF_8)));
        stores.put(Names.ALLOWLIST_STORE, rules);
        this.order = new OrderByEventTime(options, metrics);
        this.track = new TrackProcessPrevalence(new ProcessTracker(settings.detector()), settings.detector(), metrics,
                RefinedDimensions.of(settings.detector(), enricher));
        String applicationId = settings.applicationId();
        order.init(new DirectContext<String, Ordered>(stores, repartition, applicationId,
                record -> nodes.run(Names.TRACK_PROCESS_PREVALENCE, repartition, record, track::process,
                        outputs::deadLetter)));
        this.allow = new ApplyAllowlist(metrics);
        track.init(new DirectContext<String, DetectorOutput>(stores, repartition, applicationId,
                record -> nodes.run(Names.APPLY_ALLOWLIST, repartition, record, allow::process, outputs::deadLetter)));
        allow.init(new DirectContext<String, DetectorOutput>(stores, repartition, applicationId, this::routeOutput));
    }

    /** The next record of the repartition topic. */
    public void process(String key, SourceMessage message, long timestamp) {
        repartition.offset++;
        repartition.timestamp = timestamp;
        repartition.message = message;
        nodes.run(Names.ORDER_BY_EVENT_TIME, repartition, new Record<>(key, message, timestamp), order::process,
                outputs::deadLetter);
    }

    /** A store of this task, by its topology name. */
    public <K, V> KeyValueStore<K, V> store(String name) {
        @SuppressWarnings("unchecked")
        KeyValueStore<K, V> store = (KeyValueStore<K, V>) stores.get(name);
        return store;
    }

    @Override
    public void close() {
        track.close();
        order.close();
    }

    /**
     * route-outputs-: alerts (STORM alerts too) and table rows, each enriched, checked against the producer's limit
     * and written.
     */
    private void routeOutput(Record<String, DetectorOutput> record) {
        if (!(record.value() instanceof DetectorOutput.RowOut)) {
            nodes.run(Names.ENRICH_ALERTS, repartition, record, r -> outputs.alert(r.key(), nodes.guard.check(alertsTopic,
                    r.key(), DetectorTopology.alertBytes(r.value(), alertEncoder, enricher))), outputs::deadLetter);
        } else {
            DetectorOutput.RowOut out = (DetectorOutput.RowOut) record.value();
            nodes.run(Names.ENRICH_RARE_PROCESSES, repartition, record, r -> outputs.row(r.key(), out.row() == null ? null
                    : nodes.guard.check(rowsTopic, r.key(), DetectorTopology.rowBytes(out.row(), enricher))),
                    outputs::deadLetter);
        }
    }
}
