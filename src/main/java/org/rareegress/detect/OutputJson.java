package org.rareegress.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.SourceRef;

/** The JSON of everything rare-egress writes: alerts, hunt-table rows and dead letters. One line each. */
public final class OutputJson {
    /** Raw input above this size is cut in the dead letter; the original stays at its source coordinates. */
    static final int MAX_RAW_IN_DEAD_LETTER = 256 * 1024;
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

    /**
     * A dead letter as JSON: the reason, the source coordinates, and the raw input as text when it
     * is valid UTF-8 ({@code RawText}) or else base64 ({@code RawBase64}).
     */
    public static byte[] deadLetter(DeadLetter deadLetter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Reason", deadLetter.reason());
        SourceRef source = deadLetter.source();
        Map<String, Object> where = new LinkedHashMap<>();
        if (source.isKafka()) {
            where.put("Topic", source.topic());
            where.put("Partition", source.partition());
            where.put("Offset", source.offset());
        }
        if (source.isFile()) {
            where.put("File", source.file());
            where.put("Line", source.line());
        }
        where.put("Index", source.index());
        json.put("Source", where);
        byte[] raw = deadLetter.raw().copy();
        json.put("RawBytes", raw.length);
        byte[] kept = raw;
        if (raw.length > MAX_RAW_IN_DEAD_LETTER) {
            kept = java.util.Arrays.copyOf(raw, MAX_RAW_IN_DEAD_LETTER);
            json.put("RawTruncated", true);
        }
        String text = strictUtf8(kept);
        if (text != null) {
            json.put("RawText", text);
        } else {
            json.put("RawBase64", Base64.getEncoder().encodeToString(kept));
        }
        return toBytes(json);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
