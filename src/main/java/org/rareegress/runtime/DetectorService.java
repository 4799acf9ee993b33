package org.rareegress.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.rareegress.config.Settings;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.topology.DetectorMetrics;
import org.rareegress.topology.DetectorTopology;
import org.rareegress.topology.HuntTableView;
import org.rareegress.topology.Names;
import org.rareegress.topology.StreamsProperties;
import org.rareegress.topology.TopologyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running detector: the Kafka Streams client of the topology, its HTTP endpoints and metrics.
 * Readiness is RUNNING; liveness fails only in ERROR or NOT_RUNNING (a rebalance is alive). A fatal
 * error shuts the client down, and {@link #awaitTermination()} then reports failure so the process
 * exits non-zero and an orchestrator restarts it. Local state is never wiped here.
 */
public final class DetectorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorService.class);

    private final Settings settings;
    private final DetectorMetrics metrics = new DetectorMetrics();
    private final Enricher enricher;
    private final KafkaStreams streams;
    private final DetectorMeters meters;
    private final HttpEndpoints http;
    private final HuntTableEndpoint table;
    private final RecentAlerts recentAlerts;
    private final StatefulPartitionCount partitionCount;
    private final org.rareegress.topology.AllowlistView allowlistView = new org.rareegress.topology.AllowlistView();
    private final StateRestoration restoration;
    private final RocksDbMemory rocksDbMemory;
    private final Assignment assignment;
    private final ConsumerLagProbe inputLag;
    private final int statefulSubtopology;
    private final Clock clock;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean failed;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DetectorService(Settings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.enricher = Enrichers.create(settings.geoip());
        ConsumerLagProbe backlog = new ConsumerLagProbe(settings.topics().input());
        InputTopic.requireAllowlist(settings);
        Topology topology = DetectorTopology.build(settings, metrics, enricher,
                TopologyOptions.live(InputTopic.partitions(settings), backlog), clock);
        Properties properties = StreamsProperties.of(settings, metrics);
        this.rocksDbMemory = RocksDbMemory.configure(properties, settings);
        this.streams = new KafkaStreams(topology, properties);
        backlog.attach(streams);
        this.statefulSubtopology = statefulSubtopology(topology);
        LocalHuntTable local = new LocalHuntTable(streams, new HuntTableView(settings.detector(), enricher),
                statefulSubtopology, metrics);
        HttpMetrics httpMetrics = new HttpMetrics();
        this.restoration = new StateRestoration();
        streams.setGlobalStateRestoreListener(restoration);
        streams.setStandbyUpdateListener(restoration);
        this.inputLag = backlog;
        this.assignment = new Assignment(streams, selfHost(properties));
        this.meters = new DetectorMeters(metrics, m -> trackedProcesses(local), httpMetrics);
        meters.bind(streams);
        meters.bindInstance(metrics, settings.detector().warmup(), clock, assignment, restoration);
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("Fatal error in a stream thread; shutting the detector down so it can be restarted", exception);
            failed = true;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR) {
                failed = true;
            }
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                terminated.countDown();
            }
        });
        this.partitionCount = new StatefulPartitionCount(settings);
        this.table = new HuntTableEndpoint(streams, local, selfHost(properties), partitionCount, settings.http(),
                httpMetrics, clock);
        this.recentAlerts = settings.http().recentAlerts() == 0 ? null
                : new RecentAlerts(KafkaClients.consumer(settings), settings.topics().alerts(), settings.http().recentAlerts());
        try {
            this.http = new HttpEndpoints(settings.http(), new HttpRoutes(this, meters, table, new WebView(recentAlerts),
                    settings.http(), httpMetrics));
        } catch (IOException | RuntimeException e) {
            if (recentAlerts != null) {
                recentAlerts.close();
            }
            throw e;
        }
    }

    /** Builds, starts and returns the detector; the caller closes it. */
    public static DetectorService start(Settings settings, Clock clock) {
        LOG.info("Starting rare-egress with this configuration:\n{}", SecretMasking.describe(settings.effective()));
        try {
            DetectorService service = new DetectorService(settings, clock);
            service.streams.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the HTTP ports " + settings.httpPort() + " and "
                    + settings.http().probePort() + " (http.port, http.probe-port)", e);
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public boolean isAlive() {
        KafkaStreams.State state = streams.state();
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING;
    }

    public int httpPort() {
        return http.port();
    }

    /** The port of {@code /live} and {@code /ready} alone ({@code http.probe-port}). */
    public int probePort() {
        return http.probePort();
    }

    /**
     * The current hunt table of every instance, as {@code GET /rare-processes} pages through it (at most
     * {@code http.table-max-bytes} of it).
     *
     * @throws Exception when part of the table cannot be had (see {@link HuntTableEndpoint#whole()})
     */
    public java.util.List<org.rareegress.detect.HuntRow> huntTable() throws Exception {
        return table.allRows();
    }

    public DetectorMetrics metrics() {
        return metrics;
    }

    /** The allowlist rules this instance holds (its global store), in RuleId order. */
    public java.util.List<org.rareegress.allow.AllowRule> allowlist() {
        return allowlistView.current(streams.store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                Names.ALLOWLIST_STORE, org.apache.kafka.streams.state.QueryableStoreTypes.<String, byte[]>keyValueStore())))
                .rules();
    }

    /** What {@code GET /status} serves: event-time order, warm-up, tasks, restores and instances, as seen here. */
    DetectorStatus status() {
        DetectorStatus.Runtime runtime = new DetectorStatus.Runtime(assignment.activeTasks(), assignment.standbyTasks(),
                inputLag.inputLag(), restoration.restoring(), restoration.standbys(),
                assignment.instances(statefulSubtopology));
        return DetectorStatus.of(streams.state().toString(), Names.SEMANTICS_VERSION, metrics,
                settings.detector().warmup(), clock, runtime,
                settings.detector().dimensions().stream().map(org.rareegress.detect.Dimension::key).toList());
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Blocks until the client stops; true when it stopped because of a fatal error. */
    public boolean awaitTermination() throws InterruptedException {
        terminated.await();
        return failed;
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Commits, closes the client within {@code shutdown.timeout}, then the endpoints. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Closing the detector (timeout {})", settings.shutdownTimeout());
        boolean clean = streams.close(settings.shutdownTimeout());
        if (!clean) {
            LOG.warn("Kafka Streams did not close within {}", settings.shutdownTimeout());
        }
        http.close();
        if (recentAlerts != null) {
            recentAlerts.close();
        }
        table.close();
        partitionCount.close();
        meters.close();
        enricher.close();
        if (rocksDbMemory != null && clean) {
            // Only once every store is closed: a store still open (a close that timed out) may use it.
            rocksDbMemory.close();
        }
        terminated.countDown();
    }

    private static double trackedProcesses(LocalHuntTable local) {
        try {
            return local.trackedProcesses();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }

    private static int statefulSubtopology(Topology topology) {
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            boolean stateful = subtopology.nodes().stream()
                    .anyMatch(node -> node.name().equals(Names.TRACK_PROCESS_PREVALENCE));
            if (stateful) {
                return subtopology.id();
            }
        }
        throw new IllegalStateException("no sub-topology holds " + Names.TRACK_PROCESS_PREVALENCE);
    }

    private static HostInfo selfHost(Properties properties) {
        Object server = properties.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.toString().isBlank() ? null : HostInfo.buildFromEndpoint(server.toString());
    }
}
