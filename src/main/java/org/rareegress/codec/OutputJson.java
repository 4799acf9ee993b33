package org.rareegress.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.rareegress.event.DeadLetter;

/** The JSON of everything rare-egress writes: alerts, hunt-table rows and dead letters. One line each. */
public final class OutputJson {
    /** The version of schemas/dead-letter.schema.json every dead letter carries. */
    public static final String DEAD_LETTER_SCHEMA_VERSION = DeadLetterJson.SCHEMA_VERSION;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private OutputJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toLine(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** A dead letter as JSON, always well under the message limit: see {@link DeadLetterJson}. */
    public static byte[] deadLetter(DeadLetter deadLetter) {
        return DeadLetterJson.encode(deadLetter);
    }

    /** A dead letter as JSON of at most {@code maxBytes} when that is below the usual bound (raw content left out). */
    public static byte[] deadLetter(DeadLetter deadLetter, int maxBytes) {
        return DeadLetterJson.encode(deadLetter, maxBytes);
    }
}
