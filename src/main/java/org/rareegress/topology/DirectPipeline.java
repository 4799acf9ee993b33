package org.rareegress.topology;

import java.time.Clock;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.allow.Allowlist;
import org.rareegress.config.Settings;
import org.rareegress.enrich.Enricher;

/**
 * The detector's topology with its processors called directly, one after the other, on one thread: a
 * {@link DirectUpstream} (read, parse, keep) and a {@link DirectDownstream} (order, prevalence, outputs), with
 * the same processor classes, stores of the same names (plain sorted maps), the same branches, output
 * formatting and per-node exception handling as {@link DetectorTopology}, but none of the test driver's
 * per-record cycle (a commit, a flush of every store, the capture of every record produced). As in Kafka
 * Streams, what one input record sends through the repartition is processed once the record is done.
 * {@code DirectPipelineTest} holds its outputs to those of the topology under the test driver.
 */
public final class DirectPipeline implements AutoCloseable {
    /** Where outputs go, as the values of the output topics; a null row is a tombstone. */
    public interface Outputs {
        void alert(String key, byte[] json);

        void row(String key, byte[] jsonOrNull);

        void deadLetter(String key, byte[] json);
    }

    private final DirectUpstream upstream;
    private final DirectDownstream downstream;
    private final Outputs outputs;

    public DirectPipeline(Settings settings, DetectorMetrics metrics, Enricher enricher, TopologyOptions options,
                          Clock clock, Outputs outputs) {
        this(settings, metrics, enricher, options, Allowlist.empty(), clock, outputs);
    }

    /** With the rules of the allowlist topic, as its global store would hold them. */
    public DirectPipeline(Settings settings, DetectorMetrics metrics, Enricher enricher, TopologyOptions options,
                          Allowlist allowlist, Clock clock, Outputs outputs) {
        this.outputs = outputs;
        this.upstream = new DirectUpstream(settings, metrics, options, clock);
        this.downstream = new DirectDownstream(settings, metrics, enricher, options, allowlist, outputs);
    }

    /** One record of the input topic (for a backtest, a batch of file lines or a control record). */
    public void pipe(long offset, long timestamp, byte[] value, Headers headers) {
        deliver(upstream.pipe(offset, timestamp, value, headers), downstream, outputs);
    }

    /** What one input record of an upstream gave: its dead letters, then its messages through the order. */
    public static void deliver(DirectUpstream.Batch batch, DirectDownstream downstream, Outputs outputs) {
        for (DirectUpstream.Output output : batch.outputs()) {
            if (output.deadLetter() != null) {
                outputs.deadLetter(output.key(), output.deadLetter());
            }
        }
        for (DirectUpstream.Output output : batch.outputs()) {
            if (output.message() != null) {
                downstream.process(output.key(), output.message(), output.timestamp());
            }
        }
    }

    /** A store of the pipeline, by its topology name. */
    public <K, V> KeyValueStore<K, V> store(String name) {
        return downstream.store(name);
    }

    @Override
    public void close() {
        downstream.close();
        upstream.close();
    }
}
