package org.rareegress.topology;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.detect.EgressFilter;
import org.rareegress.order.SourceMessage;
import org.rareegress.order.SourceProgress;

/**
 * The topology's first sub-topology (read, parse, keep, dead letters) with its processors called directly:
 * one of these per source of a backtest, like one task per input partition, each on its own thread if the
 * caller likes (it shares nothing but the thread-safe counters). What one input record gives comes back
 * as a {@link Batch}, in the order the processors produced it.
 */
public final class DirectUpstream implements AutoCloseable {
    /** A dead letter (key and formatted value) or a message for the repartition topic, in production order. */
    public record Output(String key, byte[] deadLetter, SourceMessage message, long timestamp) {
    }

    /** What one input record gave. */
    public record Batch(List<Output> outputs) {
    }

    private final DirectNodes nodes;
    private final String deadLetterTopic;
    private final DirectNodes.Current input;
    private final Processor<byte[], byte[], byte[], Screened> parse;
    private final KeepEgressCandidates keep;
    private final List<Output> outputs = new ArrayList<>();

    public DirectUpstream(Settings settings, DetectorMetrics metrics, TopologyOptions options, Clock clock) {
        this.nodes = new DirectNodes(settings, metrics);
        this.deadLetterTopic = settings.topics().deadLetter();
        this.input = new DirectNodes.Current(settings.topics().input());
        Map<String, StateStore> stores = new HashMap<>();
        stores.put(Names.SYSMON_PROCESS_STORE, new MapStore<>(Names.SYSMON_PROCESS_STORE));
        this.parse = DetectorTopology.parseNetworkEvents(settings, metrics, options, clock);
        this.keep = new KeepEgressCandidates(new EgressFilter(settings.filter()), metrics, options,
                settings.detector().maxOutOfOrdernessNanos(), options.idleTimeout(settings.input().idleTimeout()));
        String applicationId = settings.applicationId();
        parse.init(new DirectContext<byte[], Screened>(stores, input, applicationId,
                record -> nodes.run(Names.KEEP_EGRESS_CANDIDATES, input, record, keep::process, this::deadLetter)));
        keep.init(new DirectContext<String, Screened>(stores, input, applicationId, this::routeScreened));
    }

    /** One record of the input topic (for a backtest, a batch of file lines or a control record). */
    public Batch pipe(long offset, long timestamp, byte[] value, Headers headers) {
        input.offset = offset;
        input.timestamp = timestamp;
        input.raw = value;
        nodes.run(Names.PARSE_NETWORK_EVENTS, input, new Record<>((byte[]) null, value, timestamp, headers),
                parse::process, this::deadLetter);
        Batch batch = new Batch(List.copyOf(outputs));
        outputs.clear();
        return batch;
    }

    /** How far this task has read {@code source}: what it has seen of it, as a progress report would say. */
    public SourceProgress progress(int source) {
        return keep.progress(source);
    }

    @Override
    public void close() {
        keep.close();
        parse.close();
    }

    /** route-screened-: dead letters to format-dead-letters, the rest to the repartition topic. */
    private void routeScreened(Record<String, Screened> record) {
        if (record.value() instanceof Screened.Rejected rejected) {
            nodes.run(Names.FORMAT_DEAD_LETTERS, input, record, r -> deadLetter(r.key(), nodes.guard.check(
                    deadLetterTopic, r.key(), OutputJson.deadLetter(rejected.deadLetter(), nodes.guard.roomForValue(r.key())))),
                    this::deadLetter);
            return;
        }
        outputs.add(new Output(record.key(), null, ((Screened.Ordered) record.value()).message(), record.timestamp()));
    }

    private void deadLetter(String key, byte[] json) {
        outputs.add(new Output(key, json, null, input.timestamp));
    }
}
