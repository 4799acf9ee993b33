package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.rareegress.config.Settings;
import org.rareegress.order.SourceMessage;
import org.rareegress.order.SourceMessageCodec;

/**
 * What the directly driven processors share with Kafka Streams' way of running them: the processing
 * exception handler applied per node, the producer's size limit on outputs, and the record being processed.
 */
final class DirectNodes {
    private final ProcessingExceptionHandler handler;
    final OutputSizeGuard guard;

    DirectNodes(Settings settings, DetectorMetrics metrics) {
        this.guard = OutputSizeGuard.of(settings);
        this.handler = new DeadLetterOnProcessingError();
        Map<String, Object> handlerConfig = new HashMap<>(settings.kafka());
        handlerConfig.put(StreamsProperties.DEAD_LETTER_TOPIC, settings.topics().deadLetter());
        handlerConfig.put(StreamsProperties.METRICS, metrics);
        handler.configure(handlerConfig);
    }

    /**
     * Runs one node on one record as Kafka Streams does: an exception no check foresaw goes to the processing
     * exception handler, whose dead letters go to {@code deadLetters} and after which processing resumes;
     * Kafka's own failures stop the run.
     */
    <R extends Record<?, ?>> void run(String name, Current at, R record, Consumer<R> step,
                                      BiConsumer<String, byte[]> deadLetters) {
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
                deadLetters.accept(new String(deadLetter.key(), StandardCharsets.UTF_8), deadLetter.value());
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

        Current(String topic) {
            this.topic = topic;
        }

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
            return new NodeContext(topic, partition(), offset, timestamp, node, value);
        }
    }

    /** The handler's context of one record at one node: its components are the interface's getters. */
    private record NodeContext(String topic, int partition, long offset, long timestamp, String processorNodeId,
                               byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }
    }
}
