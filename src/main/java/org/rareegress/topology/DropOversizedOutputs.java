package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.rareegress.event.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert, table row or dead letter that Kafka refuses as too large is logged with its key, counted
 * and dropped; processing resumes. Every output is bounded under Kafka's 1 MB default by construction
 * (dead letters at 512 KiB; alerts, rows and per-process state by the bounds on what is kept from the
 * input), so this only fires when a topic's {@code max.message.bytes} or the producer's
 * {@code max.request.size} was set lower. Anything else fails, as Kafka's default handler does: above all a changelog
 * record, since state must never diverge from its changelog (a restore would bring back the old
 * value), and the repartition topic, whose loss would silently drop events.
 *
 * <p>Kafka's limit under exactly-once: a transactional producer that had a send refused aborts the
 * whole transaction whatever this handler answers (the producer enters an abortable error state, the
 * commit fails and the stream thread stops; OversizedOutputIT saw it happen). So the drop keeps an
 * at-least-once deployment running, while under {@code exactly_once_v2} (the default) what keeps the
 * detector up is that no such record reaches the producer: every output is bounded, and
 * {@link OutputSizeGuard} turns one over the producer's {@code max.request.size} into a dead letter
 * before it is sent. A topic's lower {@code max.message.bytes} is only seen by the broker, too late:
 * the log line below then names the topic and key to fix.
 */
public final class DropOversizedOutputs implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DropOversizedOutputs.class);

    private Set<String> outputTopics = Set.of();
    private DetectorMetrics metrics = new DetectorMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        Object topics = configs.get(StreamsProperties.OUTPUT_TOPICS);
        if (topics == null) {
            throw new IllegalArgumentException(StreamsProperties.OUTPUT_TOPICS + " is not set");
        }
        outputTopics = Set.of(topics.toString().split(","));
        if (configs.get(StreamsProperties.METRICS) instanceof DetectorMetrics shared) {
            metrics = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        // The key is a process name from state, or an input record's key that anyone can set: escaped for the log.
        String key = record.key() == null ? null : LogText.escape(new String(record.key(), StandardCharsets.UTF_8));
        int size = record.value() == null ? 0 : record.value().length;
        if (exception instanceof RecordTooLargeException && outputTopics.contains(record.topic())) {
            metrics.countOutputDropped();
            LOG.error("Kafka refused a {}-byte record for {} (key {}) as too large; dropped, processing continues "
                    + "(input {}-{}@{})", size, record.topic(), key, context.topic(), context.partition(), context.offset(),
                    exception);
            return Response.resume();
        }
        LOG.error("Kafka refused a {}-byte record for {} (key {}); stopping (input {}-{}@{})", size, record.topic(), key,
                context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }
}
