package org.rareegress.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.SourceRef;

/**
 * A dead letter as one JSON record that always fits a Kafka message: the limit applies to the
 * ENCODED bytes, and JSON escaping makes a control character six bytes ({@code \u0001}), so the raw
 * input is measured after encoding, not before. Fields: {@code Reason}, {@code Source},
 * {@code RawBytes} (length of the whole input), {@code RawSha256} (of the whole input, to find the
 * original), {@code RawTruncated} when only a prefix is shown, and that prefix as {@code RawText}
 * (valid UTF-8 whose escaped form fits) or else {@code RawBase64}, and last {@code SchemaVersion}.
 */
final class DeadLetterJson {
    /** schemas/dead-letter.schema.json; the version rule is in docs/alerts.md. */
    static final String SCHEMA_VERSION = "1.0";
    /** A dead letter's encoded size never exceeds this: well under the 1 MiB default message limit. */
    static final int MAX_ENCODED_BYTES = 512 * 1024;
    /** At most this much of the raw input is shown; the original stays at its source coordinates. */
    static final int MAX_RAW_SHOWN = 256 * 1024;
    /** RawText only while its escaped JSON form fits this; base64 of the same bytes takes 4/3 of them. */
    static final int MAX_RAW_TEXT_ENCODED = 384 * 1024;
    /** Reasons quote input (a bad value); a quote of a megabyte would say nothing more than its start. */
    static final int MAX_REASON_CHARS = 2_048;

    private DeadLetterJson() {
    }

    static byte[] encode(DeadLetter deadLetter) {
        return encode(deadLetter, MAX_ENCODED_BYTES);
    }

    /**
     * As {@link #encode(DeadLetter)}, within {@code maxBytes} when smaller (a producer configured below
     * Kafka's default): past it the raw content is left out, the facts about it (size, hash) stay.
     */
    static byte[] encode(DeadLetter deadLetter, int maxBytes) {
        byte[] raw = deadLetter.raw().copy();
        byte[] json = OutputJson.toBytes(fields(deadLetter, raw, true));
        if (json.length <= Math.min(maxBytes, MAX_ENCODED_BYTES)) {
            return json;
        }
        return OutputJson.toBytes(fields(deadLetter, raw, false));
    }

    private static Map<String, Object> fields(DeadLetter deadLetter, byte[] raw, boolean withContent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Reason", cut(deadLetter.reason()));
        json.put("Source", source(deadLetter.source()));
        json.put("RawBytes", raw.length);
        json.put("RawSha256", sha256(raw));
        int shown = withContent ? utf8Boundary(raw, Math.min(raw.length, MAX_RAW_SHOWN)) : 0;
        if (shown < raw.length) {
            json.put("RawTruncated", true);
        }
        if (!withContent) {
            json.put("SchemaVersion", SCHEMA_VERSION);
            return json;
        }
        byte[] kept = shown == raw.length ? raw : Arrays.copyOf(raw, shown);
        String text = strictUtf8(kept);
        if (text != null && escapedLength(text) <= MAX_RAW_TEXT_ENCODED) {
            json.put("RawText", text);
        } else {
            json.put("RawBase64", Base64.getEncoder().encodeToString(kept));
        }
        json.put("SchemaVersion", SCHEMA_VERSION);
        return json;
    }

    private static Map<String, Object> source(SourceRef source) {
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
        return where;
    }

    private static String cut(String reason) {
        if (reason == null || reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        int end = MAX_REASON_CHARS;
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + "... (" + (reason.length() - end) + " more characters)";
    }

    /** The length of {@code text} as a JSON string body in UTF-8, as Jackson escapes it by default. */
    static long escapedLength(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                length += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                length += 2;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
                length += 2;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** {@code end}, moved back so that it does not split a UTF-8 sequence (at most 3 bytes back). */
    private static int utf8Boundary(byte[] bytes, int end) {
        if (end >= bytes.length) {
            return bytes.length;
        }
        int cut = end;
        while (cut > 0 && end - cut < 3 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return (bytes[cut] & 0xC0) == 0x80 ? end : cut;
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
