package org.rareegress.topology;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.config.Settings;
import org.rareegress.detect.EgressFilter;
import org.rareegress.detect.OutputJson;
import org.rareegress.detect.ProcessTracker;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.RecordReaders;
import org.rareegress.order.SourceMessage;
import org.rareegress.order.SourceMessageCodec;

/**
 * The detector's topology with its processors called directly, one after the other, for a backtest: the
 * same processor classes, stores of the same names (plain sorted maps), the same branches and output
 * formatting as {@link DetectorTopology}, and the processing exception handler applied per node as Kafka
 * Streams applies it, but none of the test driver's per-record cycle (a commit, a flush of every store and
 * the capture of every record it produces, the repartition topic's included). One task, one thread.
 * {@code DirectPipelineTest} holds its outputs to those of the topology under the test driver.
 */
public final class DirectPipeline implements AutoCloseable {
    /** Where outputs go, as the values of the output topics; a null row is a tombstone. */
    public interface Outputs {
        void alert(String key, byte[] json);

        void row(String key, byte[] jsonOrNull);

        void deadLetter(String key, byte[] json);
    }

    private final Outputs outputs;
    private final ProcessingExceptionHandler handler;
    private final OutputSizeGuard guard;
    private final Enricher enricher;
    private final String alertsTopic;
    private final String rowsTopic;
    private final String deadLetterTopic;
    private final String repartitionTopic;
    private final Map<String, StateStore> stores = new HashMap<>();
    private final Current input = new Current();
    private final Current repartition = new Current();
    /** What one input record sent through the repartition, processed once the record is done (as Kafka does). */
    private final List<Record<String, SourceMessage>> repartitioned = new ArrayList<>();
    private final ParseNetworkEvents parse;
    private final KeepEgressCandidates keep;
    private final OrderByEventTime order;
    private final TrackProcessPrevalence track;

    public DirectPipeline(Settings settings, DetectorMetrics metrics, Enricher enricher, TopologyOptions options,
                          Clock clock, Outputs outputs) {
        this.outputs = outputs;
        this.enricher = enricher;
        this.guard = OutputSizeGuard.of(settings);
        this.alertsTopic = settings.topics().alerts();
        this.rowsTopic = settings.topics().rareProcesses();
        this.deadLetterTopic = settings.topics().deadLetter();
        String applicationId = settings.applicationId();
        this.repartitionTopic = applicationId + "-" + Names.REPARTITION_BY_PROCESS + "-repartition";
        this.handler = new DeadLetterOnProcessingError();
        Map<String, Object> handlerConfig = new HashMap<>(settings.kafka());
        handlerConfig.put(StreamsProperties.DEAD_LETTER_TOPIC, deadLetterTopic);
        handlerConfig.put(StreamsProperties.METRICS, metrics);
        handler.configure(handlerConfig);
        input.topic = settings.topics().input();
        repartition.topic = repartitionTopic;
        for (String name : List.of(Names.PROCESS_PREVALENCE_STORE, Names.EXPIRY_SCHEDULE_STORE, Names.TASK_CLOCK_STORE,
                Names.SYSMON_PROCESS_STORE, Names.SOURCE_PROGRESS_STORE, Names.HELD_EVENTS_STORE)) {
            stores.put(name, new MapStore<>(name));
        }

        this.parse = new ParseNetworkEvents(processes -> RecordReaders.create(settings.input(), clock, processes),
                settings.input(), metrics, options);
        this.keep = new KeepEgressCandidates(new EgressFilter(settings.filter()), metrics, options,
                settings.detector().maxOutOfOrdernessNanos(), options.idleTimeout(settings.input().idleTimeout()));
        this.order = new OrderByEventTime(options, metrics);
        ProcessTracker tracker = new ProcessTracker(settings.detector());
        this.track = new TrackProcessPrevalence(tracker, settings.detector().warmupNanos(), metrics);

        parse.init(new DirectContext<>(stores, input, applicationId,
                record -> node(Names.KEEP_EGRESS_CANDIDATES, input, record, keep::process)));
        keep.init(new DirectContext<>(stores, input, applicationId, this::routeScreened));
        order.init(new DirectContext<>(stores, repartition, applicationId,
                record -> node(Names.TRACK_PROCESS_PREVALENCE, repartition, record, track::process)));
        track.init(new DirectContext<>(stores, repartition, applicationId, this::routeOutput));
    }

    /** One record of the input topic (for a backtest, a batch of file lines or a control record). */
    public void pipe(long offset, long timestamp, byte[] value, Headers headers) {
        input.offset = offset;
        input.timestamp = timestamp;
        input.raw = value;
        input.message = null;
        node(Names.PARSE_NETWORK_EVENTS, input, new Record<>((byte[]) null, value, timestamp, headers), parse::process);
        for (Record<String, SourceMessage> record : repartitioned) {
            repartition.offset++;
            repartition.timestamp = record.timestamp();
            repartition.raw = null;
            repartition.message = record.value();
            node(Names.ORDER_BY_EVENT_TIME, repartition, record, order::process);
        }
        repartitioned.clear();
    }

    /** A store of the pipeline, by its topology name. */
    public <K, V> KeyValueStore<K, V> store(String name) {
        @SuppressWarnings("unchecked")
        KeyValueStore<K, V> store = (KeyValueStore<K, V>) stores.get(name);
        return store;
    }

    @Override
    public void close() {
        track.close();
        order.close();
        keep.close();
        parse.close();
    }

    /** route-screened-: dead letters to format-dead-letters, the rest through the repartition to the order. */
    private void routeScreened(Record<String, Screened> record) {
        if (record.value() instanceof Screened.Rejected rejected) {
            node(Names.FORMAT_DEAD_LETTERS, input, record, r -> outputs.deadLetter(r.key(), guard.check(deadLetterTopic,
                    r.key(), OutputJson.deadLetter(rejected.deadLetter(), guard.roomForValue(r.key())))));
            return;
        }
        // The repartition hop: a record of its own, with its own offset (the held events' sequence).
        repartitioned.add(new Record<>(record.key(), ((Screened.Ordered) record.value()).message(), record.timestamp()));
    }

    /** route-outputs-: alerts and table rows, each enriched, checked against the producer's limit and written. */
    private void routeOutput(Record<String, DetectorOutput> record) {
        if (record.value() instanceof DetectorOutput.AlertOut out) {
            node(Names.ENRICH_ALERTS, repartition, record, r -> outputs.alert(r.key(), guard.check(alertsTopic, r.key(),
                    OutputJson.toBytes(DetectorTopology.enrich(out.alert(), enricher)))));
        } else {
            DetectorOutput.RowOut out = (DetectorOutput.RowOut) record.value();
            node(Names.ENRICH_RARE_PROCESSES, repartition, record, r -> outputs.row(r.key(), out.row() == null ? null
                    : guard.check(rowsTopic, r.key(), OutputJson.toBytes(DetectorTopology.enrich(out.row(), enricher)))));
        }
    }

    /**
     * Runs one node on one record as Kafka Streams does: an exception no check foresaw goes to the processing
     * exception handler, whose dead letters are written and after which processing resumes; Kafka's own
     * failures stop the run.
     */
    private <R extends Record<?, ?>> void node(String name, Current at, R record, Consumer<R> step) {
        try {
            step.accept(record);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            ProcessingExceptionHandler.Response response = handler.handleError(at.context(name), record, e);
            if (response.result() == ProcessingExceptionHandler.Result.FAIL) {
                throw new StreamsException("processing failed in " + name, e);
            }
            for (ProducerRecord<byte[], byte[]> deadLetter : response.deadLetterQueueRecords()) {
                outputs.deadLetter(new String(deadLetter.key(), java.nio.charset.StandardCharsets.UTF_8), deadLetter.value());
            }
        }
    }

    /** The record a node is working on, as its metadata and as the handler's context. */
    static final class Current implements RecordMetadata {
        String topic;
        long offset = -1;
        long timestamp;
        byte[] raw;
        SourceMessage message;

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return offset;
        }

        ErrorHandlerContext context(String node) {
            byte[] value = raw != null ? raw : message == null ? null : SourceMessageCodec.encode(message);
            return new ErrorHandlerContext() {
                @Override
                public String topic() {
                    return topic;
                }

                @Override
                public int partition() {
                    return 0;
                }

                @Override
                public long offset() {
                    return offset;
                }

                @Override
                public Headers headers() {
                    return new RecordHeaders();
                }

                @Override
                public String processorNodeId() {
                    return node;
                }

                @Override
                public TaskId taskId() {
                    return new TaskId(0, 0);
                }

                @Override
                public long timestamp() {
                    return timestamp;
                }

                @Override
                public byte[] sourceRawKey() {
                    return null;
                }

                @Override
                public byte[] sourceRawValue() {
                    return value;
                }
            };
        }
    }
}
