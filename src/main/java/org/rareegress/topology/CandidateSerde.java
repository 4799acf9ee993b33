package org.rareegress.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.CandidateCodec;

/** The compact binary serde of the repartition topic. */
final class CandidateSerde implements Serde<Candidate> {
    static final CandidateSerde INSTANCE = new CandidateSerde();

    @Override
    public Serializer<Candidate> serializer() {
        return (topic, candidate) -> candidate == null ? null : CandidateCodec.encode(candidate);
    }

    @Override
    public Deserializer<Candidate> deserializer() {
        return (topic, bytes) -> bytes == null ? null : CandidateCodec.decode(bytes);
    }
}
