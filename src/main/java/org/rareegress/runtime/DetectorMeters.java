package org.rareegress.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.topology.DetectorMetrics;

/**
 * The Prometheus view of a run: the detector's own counters (names fixed in the README and the Helm
 * PrometheusRule), Kafka Streams and client metrics through Micrometer's binder, and JVM metrics.
 */
final class DetectorMeters implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreamsMetrics streamsMetrics;
    private JvmGcMetrics gcMetrics;
    private final DetectorMetrics metrics;
    private final java.util.Set<String> ruleCounters = new java.util.HashSet<>();

    DetectorMeters(DetectorMetrics metrics, ToDoubleFunction<DetectorMetrics> trackedProcesses, HttpMetrics http) {
        this.metrics = metrics;
        counter("rare_egress.records.read", "Raw records read from the input", metrics, DetectorMetrics::recordsRead);
        counter("rare_egress.events.read", "Events parsed from the input", metrics, DetectorMetrics::eventsRead);
        counter("rare_egress.events.kept", "Events kept by the filter", metrics, DetectorMetrics::kept);
        for (FilterOutcome outcome : FilterOutcome.values()) {
            if (outcome.kind() == FilterOutcome.Kind.DROPPED) {
                FunctionCounter.builder("rare_egress.events.dropped", metrics, m -> m.dropped(outcome))
                        .description("Events dropped by the filter, by the first clause they failed")
                        .tag("reason", outcome.label())
                        .register(registry);
            }
        }
        counter("rare_egress.dead.letters", "Records and events sent to the dead-letter topic", metrics,
                DetectorMetrics::rejected);
        counter("rare_egress.dead.letters.suppressed", "Rejected items whose dead letters were not written, past"
                + " input.max-dead-letters-per-record in one record (each such record ends with one summary dead letter)",
                metrics, DetectorMetrics::deadLettersSuppressed);
        counter("rare_egress.processing.errors", "Records a processor failed on, sent to the dead-letter topic",
                metrics, DetectorMetrics::processingErrors);
        counter("rare_egress.outputs.dropped", "Alerts, rows or dead letters Kafka refused as too large, dropped",
                metrics, DetectorMetrics::outputsDropped);
        counter("rare_egress.states.discarded", "Stored process states that could not be decoded, discarded", metrics,
                DetectorMetrics::statesDiscarded);
        counter("rare_egress.events.late", "Kept events older than the window, dropped", metrics, DetectorMetrics::late);
        counter("rare_egress.processes.evicted", "Processes whose state was evicted, least recently seen first, to keep"
                + " a task within detector.max-tracked-processes", metrics, DetectorMetrics::processesEvicted);
        counter("rare_egress.new.rare.suppressed", "NEW_RARE alerts suppressed by alert-storm protection (past"
                + " alert.storm-threshold in a storm window; named in that window's STORM alert)", metrics,
                DetectorMetrics::newRareSuppressed);
        counter("rare_egress.events.out.of.order", "Kept events that arrived behind the released watermark (disorder"
                + " beyond detector.max-out-of-orderness), processed at once", metrics, DetectorMetrics::outOfOrder);
        gauge("rare_egress.events.held", "Kept events waiting for the event-time watermark", metrics,
                DetectorMetrics::eventsHeld);
        gauge("rare_egress.watermark.seconds", "The detector's event-time watermark on this instance (epoch seconds;"
                + " NaN before the first release)", metrics, m -> seconds(m.watermark()));
        gauge("rare_egress.watermark.lag.seconds", "How far the watermark trails the newest event read (event time)",
                metrics, m -> lag(m.newestEventTime(), m.watermark()));
        gauge("rare_egress.sources.unreported", "Input partitions a stateful task has not heard from yet (most over tasks)",
                metrics, m -> m.orderByTask().values().stream().mapToInt(DetectorMetrics.OrderProgress::unknownSources)
                        .max().orElse(0));
        gauge("rare_egress.sources.idle", "Input partitions idle or ended, not holding the watermark back (most over tasks)",
                metrics, m -> m.orderByTask().values().stream().mapToInt(DetectorMetrics.OrderProgress::idleSources)
                        .max().orElse(0));
        counter("rare_egress.events.not.network", "Well-formed items of other Defender tables, skipped", metrics,
                DetectorMetrics::skipped);
        for (AlertType type : AlertType.values()) {
            FunctionCounter.builder("rare_egress.alerts", metrics, m -> m.alerts(type))
                    .description("Alerts published, by type")
                    .tag("type", type.name())
                    .register(registry);
        }
        counter("rare_egress.allowlist.records.rejected", "Records of the allowlist topic that are not usable rules,"
                + " skipped (counted at every read of the topic, also at start)", metrics, DetectorMetrics::badAllowlistRecords);
        Gauge.builder("rare_egress.tracked.processes", metrics, trackedProcesses)
                .description("Processes with state on this instance (RocksDB estimate)")
                .register(registry);
        FunctionCounter.builder("rare_egress.http.refused", http, HttpMetrics::busy)
                .description("Data requests refused: beyond http.max-concurrent-requests (busy, 429), without the token (401)")
                .tag("reason", "busy").register(registry);
        FunctionCounter.builder("rare_egress.http.refused", http, HttpMetrics::unauthorized)
                .description("Data requests refused: beyond http.max-concurrent-requests (busy, 429), without the token (401)")
                .tag("reason", "unauthorized").register(registry);
        FunctionCounter.builder("rare_egress.http.tables.truncated", http, HttpMetrics::tablesTruncated)
                .description("Hunt-table snapshots that left rows out (over http.table-max-bytes)")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    /** Where the instance stands: warm-up, the watermark against the wall clock, tasks and state restoration. */
    void bindInstance(DetectorMetrics metrics, Duration warmup, Clock clock, Assignment assignment,
                      StateRestoration restoration) {
        gauge("rare_egress.warmup.remaining.seconds", "Event time still to pass before alerts are published on this"
                + " instance (0 once warm-up is over)", metrics, m -> DetectorStatus.warmupRemaining(m, warmup).toNanos() / 1e9);
        gauge("rare_egress.watermark.wall.clock.lag.seconds", "How far the watermark trails the wall clock (large while"
                + " history is replayed; NaN before the first release)", metrics,
                m -> Double.isNaN(seconds(m.watermark())) ? Double.NaN : (clock.millis() * 1_000_000 - m.watermark()) / 1e9);
        Gauge.builder("rare_egress.tasks", assignment, a -> a.activeTasks().size())
                .description("Kafka Streams tasks on this instance, active or standby").tag("kind", "active")
                .register(registry);
        Gauge.builder("rare_egress.tasks", assignment, a -> a.standbyTasks().size())
                .description("Kafka Streams tasks on this instance, active or standby").tag("kind", "standby")
                .register(registry);
        Gauge.builder("rare_egress.state.restore.remaining.records", restoration, StateRestoration::remaining)
                .description("Changelog records the state restores under way still have to read (0 when none runs)")
                .register(registry);
        FunctionCounter.builder("rare_egress.state.restores", restoration, StateRestoration::restoresDone)
                .description("Store partitions restored from their changelogs since start").register(registry);
        Gauge.builder("rare_egress.state.standby.lag.records", restoration, StateRestoration::maxStandbyLag)
                .description("Changelog records the most-behind standby store partition trails by (0 without standbys)")
                .register(registry);
    }

    /** The Prometheus text exposition. */
    synchronized String scrape() {
        registerRuleCounters();
        return registry.scrape();
    }

    /** One counter per allowlist rule that has silenced an alert; rules come and go, so they are added as they appear. */
    private void registerRuleCounters() {
        for (String rule : metrics.suppressedByRule().keySet()) {
            if (ruleCounters.add(rule)) {
                FunctionCounter.builder("rare_egress.allowlist.suppressed", metrics,
                                m -> m.suppressedByRule().getOrDefault(rule, 0L))
                        .description("Alerts an allowlist rule silenced (not published), by RuleId")
                        .tag("rule", rule)
                        .register(registry);
            }
        }
    }

    private void gauge(String name, String description, DetectorMetrics metrics, ToDoubleFunction<DetectorMetrics> value) {
        Gauge.builder(name, metrics, value).description(description).register(registry);
    }

    private static double seconds(long nanos) {
        return nanos == Long.MIN_VALUE || nanos == Long.MAX_VALUE ? Double.NaN : nanos / 1e9;
    }

    private static double lag(long newest, long watermark) {
        return Double.isNaN(seconds(newest)) || Double.isNaN(seconds(watermark)) ? Double.NaN
                : Math.max(0, newest - watermark) / 1e9;
    }

    private void counter(String name, String description, DetectorMetrics metrics, ToLongFunction<DetectorMetrics> value) {
        FunctionCounter.builder(name, metrics, m -> value.applyAsLong(m)).description(description).register(registry);
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        gcMetrics.close();
        registry.close();
    }
}
