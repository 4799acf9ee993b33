package org.rareegress.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rareegress.order.SourceMessage;
import org.rareegress.order.SourceMessageCodec;

/** The compact binary serde of the repartition topic: kept events with their source's progress, and progress reports. */
final class SourceMessageSerde implements Serde<SourceMessage> {
    static final SourceMessageSerde INSTANCE = new SourceMessageSerde();

    @Override
    public Serializer<SourceMessage> serializer() {
        return (topic, message) -> message == null ? null : SourceMessageCodec.encode(message);
    }

    @Override
    public Deserializer<SourceMessage> deserializer() {
        return (topic, bytes) -> bytes == null ? null : SourceMessageCodec.decode(bytes);
    }
}
