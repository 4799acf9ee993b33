package org.rareegress.simulate;

import java.io.IOException;
import java.util.StringJoiner;
import org.rareegress.config.Settings;

/** Where {@code simulate} sends records: a JSON-lines file, the input topic, or both. */
final class Outputs implements EventSink, AutoCloseable {
    private final String fileName;
    private final JsonLinesSink file;
    private final KafkaEventSink kafka;
    private final String topic;
    private long bytes;

    private Outputs(String fileName, JsonLinesSink file, KafkaEventSink kafka, String topic) {
        this.fileName = fileName;
        this.file = file;
        this.kafka = kafka;
        this.topic = topic;
    }

    /** @param kafkaSettings null unless the records go to the topic */
    static Outputs open(String output, boolean gzip, Settings kafkaSettings) throws IOException {
        JsonLinesSink file = output == null ? null : JsonLinesSink.open(output, gzip);
        KafkaEventSink kafka = null;
        String topic = null;
        if (kafkaSettings != null) {
            topic = kafkaSettings.topics().input();
            kafka = KafkaEventSink.create(kafkaSettings, topic);
        }
        return new Outputs(output, file, kafka, topic);
    }

    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
        if (file != null) {
            file.event(row, length, ticks, deviceId);
        }
        if (kafka != null) {
            kafka.event(row, length, ticks, deviceId);
        }
        bytes += length;
    }

    void flush() {
        if (kafka != null) {
            kafka.flush();
        }
    }

    /** Bytes written to the file (line ends included), else record bytes sent to the topic. */
    long bytes() {
        return file != null ? file.bytes() : bytes;
    }

    String describe() {
        StringJoiner where = new StringJoiner(" and ");
        if (file != null) {
            where.add("-".equals(fileName) ? "standard output" : fileName);
        }
        if (kafka != null) {
            where.add("topic " + topic);
        }
        return where.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (file != null) {
                file.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
