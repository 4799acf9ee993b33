package org.rareegress.event;

/**
 * Where an event came from: a Kafka record (topic, partition, offset) or a file line, and the
 * event's index inside that record (an envelope holds many events). Never part of an event's
 * identity: the same event read from a file or a topic is the same event.
 *
 * @param topic     null for a file
 * @param file      null for a Kafka record
 */
public record SourceRef(String topic, int partition, long offset, String file, long line, int index) {

    public static SourceRef kafka(String topic, int partition, long offset) {
        return new SourceRef(topic, partition, offset, null, -1, 0);
    }

    public static SourceRef file(String file, long line) {
        return new SourceRef(null, -1, -1, file, line, 0);
    }

    public static SourceRef unknown() {
        return new SourceRef(null, -1, -1, null, -1, 0);
    }

    public SourceRef withIndex(int newIndex) {
        return newIndex == index ? this : new SourceRef(topic, partition, offset, file, line, newIndex);
    }

    public boolean isKafka() {
        return topic != null;
    }

    public boolean isFile() {
        return file != null;
    }

    @Override
    public String toString() {
        String where = isKafka() ? topic + "-" + partition + "@" + offset : isFile() ? file + ":" + line : "unknown";
        return index == 0 ? where : where + "#" + index;
    }
}
