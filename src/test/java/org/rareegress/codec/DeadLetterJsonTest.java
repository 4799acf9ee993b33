package org.rareegress.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RawSlice;
import org.rareegress.event.SourceRef;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * A dead letter must fit a Kafka message whatever the input: a record the producer refuses
 * (RecordTooLargeException) stops the detector, and the same input is re-read on every restart.
 * The worst inputs are those whose JSON encoding grows: control characters (six bytes each),
 * quotes and backslashes (two), invalid UTF-8, and reasons that quote the input.
 */
class DeadLetterJsonTest {
    /** Kafka's default max.request.size and the broker's message.max.bytes, give or take a header. */
    private static final int KAFKA_MESSAGE_LIMIT = 1_048_576;
    private static final SourceRef SOURCE = SourceRef.kafka("mde.device-network-events", 3, 42);

    /** A dead letter, checked against schemas/dead-letter.schema.json. */
    private static byte[] encode(String reason, byte[] raw) {
        byte[] encoded = OutputJson.deadLetter(new DeadLetter(reason, SOURCE, RawSlice.of(raw)));
        OutputSchemas.assertValid(Kind.DEAD_LETTER, encoded);
        return encoded;
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return OutputJson.mapper().readTree(bytes);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aRecordOfControlCharactersStaysWithinTheLimitAsBase64() throws Exception {
        byte[] raw = filled(1_048_576, 0x01);

        byte[] encoded = encode("malformed JSON", raw);

        assertThat(encoded.length).isLessThanOrEqualTo(DeadLetterJson.MAX_ENCODED_BYTES).isLessThan(KAFKA_MESSAGE_LIMIT);
        JsonNode letter = json(encoded);
        assertThat(letter.has("RawText")).isFalse();
        assertThat(Base64.getDecoder().decode(letter.get("RawBase64").asText()))
                .isEqualTo(Arrays.copyOf(raw, DeadLetterJson.MAX_RAW_SHOWN));
        assertThat(letter.get("RawBytes").asInt()).isEqualTo(raw.length);
        assertThat(letter.get("RawTruncated").asBoolean()).isTrue();
    }

    @Test
    void controlCharactersBelowTheRawLimitThatWouldStillEncodeTooLargeAreBase64() throws Exception {
        // The case the review reproduced: 200 KB under the 256 KiB cut, 1.2 MB once escaped.
        byte[] raw = filled(200_000, 0x01);

        byte[] encoded = encode("malformed JSON", raw);

        assertThat(encoded.length).isLessThan(KAFKA_MESSAGE_LIMIT / 2);
        JsonNode letter = json(encoded);
        assertThat(Base64.getDecoder().decode(letter.get("RawBase64").asText())).isEqualTo(raw);
        assertThat(letter.has("RawTruncated")).isFalse();
    }

    @Test
    void quotesAndBackslashesThatWouldDoubleAreBase64WithinTheLimit() throws Exception {
        String raw = "\"\\".repeat(600_000);

        byte[] encoded = encode("malformed JSON", raw.getBytes(StandardCharsets.UTF_8));

        assertThat(encoded.length).isLessThanOrEqualTo(DeadLetterJson.MAX_ENCODED_BYTES);
        assertThat(json(encoded).has("RawBase64")).isTrue();
    }

    @Test
    void aLargeRecordOfOrdinaryJsonStaysReadableText() throws Exception {
        // A real oversized record: an envelope of rows, a quote every few characters.
        String row = "{\"Timestamp\":\"2024-05-01T10:00:00Z\",\"DeviceId\":\"d1\",\"RemoteIP\":\"8.8.8.8\","
                + "\"InitiatingProcessFolderPath\":\"c:\\\\windows\\\\system32\\\\svchost.exe\"},";
        String raw = row.repeat(1_048_576 / row.length() + 1);

        byte[] encoded = encode("record too large", raw.getBytes(StandardCharsets.UTF_8));

        assertThat(encoded.length).isLessThanOrEqualTo(DeadLetterJson.MAX_ENCODED_BYTES);
        assertThat(json(encoded).get("RawText").asText()).isEqualTo(raw.substring(0, DeadLetterJson.MAX_RAW_SHOWN));
    }

    @Test
    void invalidUtf8IsBase64WithinTheLimit() throws Exception {
        byte[] raw = filled(3_000_000, 0xFF);

        byte[] encoded = encode("not UTF-8", raw);

        assertThat(encoded.length).isLessThanOrEqualTo(DeadLetterJson.MAX_ENCODED_BYTES);
        assertThat(json(encoded).get("RawBase64").asText()).isNotEmpty();
    }

    @Test
    void aHugeReasonIsCutAndSaysHowMuchWasCut() throws Exception {
        String reason = "RemoteIP is not an IP address: '" + "\u0001".repeat(2_000_000) + "'";

        byte[] encoded = encode(reason, filled(1_000_000, 0x01));

        assertThat(encoded.length).isLessThanOrEqualTo(DeadLetterJson.MAX_ENCODED_BYTES);
        String cut = json(encoded).get("Reason").asText();
        assertThat(cut).startsWith("RemoteIP is not an IP address: '")
                .endsWith("... (" + (reason.length() - DeadLetterJson.MAX_REASON_CHARS) + " more characters)");
    }

    @Test
    void aCutNeverSplitsAMultiByteCharacterSoLongUtf8TextStaysText() throws Exception {
        // 3-byte characters: the 256 KiB cut falls inside one unless it moves back to a boundary.
        String raw = "\u20ac".repeat(100_000);

        JsonNode letter = json(encode("malformed JSON", raw.getBytes(StandardCharsets.UTF_8)));

        assertThat(letter.get("RawText").asText()).isEqualTo(raw.substring(0, DeadLetterJson.MAX_RAW_SHOWN / 3));
        assertThat(letter.get("RawTruncated").asBoolean()).isTrue();
    }

    @Test
    void carriesTheSha256OfTheWholeInputSoAnalystsCanMatchTheOriginal() throws Exception {
        byte[] raw = filled(2_000_000, 'x');

        JsonNode letter = json(encode("too big", raw));

        assertThat(letter.get("RawSha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)));
    }

    @Test
    void underAProducerLimitBelowTheUsualBoundTheContentIsLeftOutButItsFactsStay() throws Exception {
        byte[] raw = filled(10_000, 'x');

        byte[] encoded = OutputJson.deadLetter(new DeadLetter("too big", SOURCE, RawSlice.of(raw)), 2_000);
        OutputSchemas.assertValid(Kind.DEAD_LETTER, encoded);

        assertThat(encoded.length).isLessThanOrEqualTo(2_000);
        JsonNode letter = json(encoded);
        assertThat(letter.has("RawText")).isFalse();
        assertThat(letter.get("RawBytes").asInt()).isEqualTo(10_000);
        assertThat(letter.get("RawTruncated").asBoolean()).isTrue();
        assertThat(letter.get("RawSha256").asText()).hasSize(64);
    }

    @Test
    void aSmallRecordIsShownWholeAsText() throws Exception {
        JsonNode letter = json(encode("malformed JSON", "{\"Timestamp\": oops".getBytes(StandardCharsets.UTF_8)));

        assertThat(letter.get("RawText").asText()).isEqualTo("{\"Timestamp\": oops");
        assertThat(letter.has("RawTruncated")).isFalse();
        assertThat(letter.get("Source").toString())
                .isEqualTo("{\"Topic\":\"mde.device-network-events\",\"Partition\":3,\"Offset\":42,\"Index\":0}");
    }
}
