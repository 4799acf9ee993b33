package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEnvelope;
import static org.rareegress.event.Events.anEvent;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.rareegress.event.Events;
import org.rareegress.event.InputFormat;
import org.rareegress.event.InputSettings;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.RecordReader;
import org.rareegress.event.RemoteAddressKind;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/** The MDE row and Streaming-API envelope reader, as {@link RecordReaders#create} builds it. */
class MdeJsonReaderTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T00:00:00Z"), ZoneOffset.UTC);
    static final SourceRef SOURCE = SourceRef.kafka("mde.device-network-events", 2, 1234);

    private final RecordingSink sink = new RecordingSink();

    static RecordReader reader(InputFormat format) {
        return RecordReaders.create(new InputSettings(format, 1_048_576, Duration.ofDays(1)), CLOCK);
    }

    private void read(byte[] record) {
        reader(InputFormat.AUTO).read(record, SOURCE, sink);
    }

    private void read(String record) {
        read(record.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(RawSlice raw) {
        return new String(raw.bytes(), raw.offset(), raw.length(), StandardCharsets.UTF_8);
    }

    // --- Rows ---

    @Test
    void readsEveryUsedFieldOfARow() {
        Events row = anEvent().at("2024-05-01T10:00:00.1234567Z").device("dev-1").deviceName("Host-1")
                .action("ConnectionSuccess").protocol("Tcp").remoteIpType("Public").remoteIp("::ffff:1.2.3.4")
                .port(4444).remoteUrl("").process("Tool.EXE").md5("5d41402abc4b2a76b9719d911017c592")
                .sha256("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824").commandLine("tool -x")
                .folderPath("c:\\t");

        read(row.bytes());

        assertThat(sink.rejects).isEmpty();
        NetworkEvent event = sink.events.get(0);
        assertThat(event.timestampNanos()).isEqualTo(Timestamps.parseNanos("2024-05-01T10:00:00.1234567Z"));
        assertThat(event.deviceId()).isEqualTo("dev-1");
        assertThat(event.deviceName()).isEqualTo("Host-1");
        assertThat(event.actionType()).isEqualTo("ConnectionSuccess");
        assertThat(event.protocol()).isEqualTo("Tcp");
        assertThat(event.remoteIpType()).isEqualTo("Public");
        assertThat(event.remoteIp()).isEqualTo("::ffff:1.2.3.4");
        assertThat(event.remoteAddressKind()).isEqualTo(RemoteAddressKind.IPV4_MAPPED);
        assertThat(IpAddresses.format(event.remoteIpv4())).isEqualTo("1.2.3.4");
        assertThat(event.remotePort()).isEqualTo(4444);
        assertThat(event.remoteUrl()).isEmpty();
        assertThat(event.processFileName()).isEqualTo("Tool.EXE");
        assertThat(event.md5()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(event.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(event.commandLine()).isEqualTo("tool -x");
        assertThat(event.folderPath()).isEqualTo("c:\\t");
        assertThat(event.source()).isEqualTo(SOURCE);
        assertThat(event.raw().copy()).isEqualTo(row.bytes());
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() {
        Events row = anEvent().raw("AdditionalFields", "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}").set("LocalPort", 5)
                .set("ReportId", 12345678901234L).raw("Extra", "[true,false,null,1.5e3]");

        read(row.bytes());

        assertThat(sink.rejects).isEmpty();
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void readsOptionalFieldsAsNullWhenAbsentOrNull() {
        Events row = anEvent().without("DeviceName").set("Protocol", null).without("RemoteIP").set("RemotePort", null)
                .without("RemoteUrl").set("InitiatingProcessFileName", null).without("InitiatingProcessMD5");

        read(row.bytes());

        NetworkEvent event = sink.events.get(0);
        assertThat(event.deviceName()).isNull();
        assertThat(event.protocol()).isNull();
        assertThat(event.remoteAddressKind()).isEqualTo(RemoteAddressKind.ABSENT);
        assertThat(event.remotePort()).isEqualTo(-1);
        assertThat(event.remoteUrl()).isNull();
        assertThat(event.processFileName()).isNull();
        assertThat(event.md5()).isNull();
    }

    @Test
    void readsAPortGivenAsText() {
        read(anEvent().set("RemotePort", "8080").bytes());

        assertThat(sink.events.get(0).remotePort()).isEqualTo(8080);
    }

    @Test
    void readsAnEmptyPortTextAsAbsent() {
        read(anEvent().set("RemotePort", "").bytes());

        assertThat(sink.events.get(0).remotePort()).isEqualTo(-1);
    }

    @Test
    void readsTheFullPortRange() {
        read(anEvent().port(0).bytes());
        read(anEvent().port(65535).bytes());

        assertThat(sink.events).extracting(NetworkEvent::remotePort).containsExactly(0, 65535);
    }

    @Test
    void readsAnEmptyRemoteIpAsAbsent() {
        read(anEvent().remoteIp("").bytes());

        assertThat(sink.events.get(0).remoteAddressKind()).isEqualTo(RemoteAddressKind.ABSENT);
    }

    @Test
    void acceptsATimestampExactlyAtTheFutureSkew() {
        read(anEvent().at("2024-05-03T00:00:00Z").bytes());

        assertThat(sink.rejects).isEmpty();
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void acceptsAnyPastTimestampSince1970() {
        read(anEvent().at("1970-01-01T00:00:00Z").bytes());

        assertThat(sink.events.get(0).timestampNanos()).isZero();
    }

    @Test
    void hugeFutureSkewAcceptsEveryTimestampInsteadOfOverflowing() {
        RecordReader reader = RecordReaders.create(new InputSettings(InputFormat.AUTO, 1_048_576,
                Duration.ofDays(100_000)), CLOCK);

        reader.read(anEvent().at("2024-05-01T10:00:00Z").bytes(), SOURCE, sink);
        reader.read(anEvent().at("2261-12-31T00:00:00Z").bytes(), SOURCE, sink);

        assertThat(sink.rejects).isEmpty();
        assertThat(sink.events).hasSize(2);
    }

    @Test
    void readsARowWithSurroundingWhitespace() {
        read(" \t" + anEvent().json() + " \r\n");

        assertThat(sink.events).hasSize(1);
    }

    @Test
    void readsEachRowOfAnArrayWithItsIndex() {
        byte[] array = Events.rowArray(anEvent().device("a"), anEvent().device("b"), anEvent().device("c"));

        read(array);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a", "b", "c");
        assertThat(sink.events).extracting(e -> e.source().index()).containsExactly(0, 1, 2);
        assertThat(text(sink.events.get(1).raw())).isEqualTo(anEvent().device("b").json());
    }

    @Test
    void rejectsABadRowOfAnArrayAlone() {
        byte[] array = Events.rowArray(anEvent().device("a"), anEvent().device("b").set("RemotePort", "abc"),
                anEvent().device("c"));

        read(array);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a", "c");
        assertThat(sink.rejects).hasSize(1);
        assertThat(sink.rejects.get(0).source().index()).isEqualTo(1);
        assertThat(text(sink.rejects.get(0).raw())).isEqualTo(anEvent().device("b").set("RemotePort", "abc").json());
    }

    @Test
    void rejectsANonObjectItemOfARowArrayAlone() {
        String array = "[" + anEvent().device("a").json() + ",42," + anEvent().device("c").json() + "]";

        read(array);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a", "c");
        assertThat(sink.reasons()).containsExactly("array item is not a JSON object");
        assertThat(sink.rejects.get(0).source().index()).isEqualTo(1);
        assertThat(text(sink.rejects.get(0).raw())).isEqualTo("42");
    }

    @Test
    void readsNothingFromAnEmptyArray() {
        read("[]");

        assertThat(sink.total()).isZero();
    }

    // --- Envelopes ---

    @Test
    void readsEachNetworkRecordOfAnEnvelopeWithItsIndex() {
        byte[] envelope = anEnvelope().with(anEvent().device("a")).with(anEvent().device("b")).bytes();

        read(envelope);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a", "b");
        assertThat(sink.events).extracting(e -> e.source().index()).containsExactly(0, 1);
        assertThat(sink.events.get(1).source().offset()).isEqualTo(1234);
        assertThat(text(sink.events.get(1).raw()))
                .isEqualTo(anEvent().device("b").envelopeRecordJson(Events.NETWORK_CATEGORY));
    }

    @Test
    void readsTheSameEventFromARowAndFromAnEnvelope() {
        Events row = anEvent().at("2024-05-01T10:00:00.0000001Z").port(5555);
        RecordingSink fromEnvelope = new RecordingSink();

        read(row.bytes());
        reader(InputFormat.AUTO).read(anEnvelope().with(row).bytes(), SOURCE, fromEnvelope);

        NetworkEvent a = sink.events.get(0);
        NetworkEvent b = fromEnvelope.events.get(0);
        assertThat(b).usingRecursiveComparison().ignoringFields("raw").isEqualTo(a);
    }

    @Test
    void skipsRecordsOfOtherCategoriesWithoutRejectingThem() {
        byte[] envelope = anEnvelope().withCategory("AdvancedHunting-DeviceProcessEvents", anEvent().device("p"))
                .with(anEvent().device("n")).withCategory("AdvancedHunting-DeviceLogonEvents", anEvent()).bytes();

        read(envelope);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("n");
        assertThat(sink.skips).containsExactly("AdvancedHunting-DeviceProcessEvents", "AdvancedHunting-DeviceLogonEvents");
        assertThat(sink.rejects).isEmpty();
    }

    @Test
    void skipsAnOtherCategoryEvenWhenItsPropertiesWouldBeInvalid() {
        byte[] envelope = anEnvelope().withCategory("AdvancedHunting-DeviceFileEvents", anEvent().without("Timestamp")
                .set("RemotePort", "not a port")).bytes();

        read(envelope);

        assertThat(sink.skips).hasSize(1);
        assertThat(sink.rejects).isEmpty();
    }

    @Test
    void rejectsAnEnvelopeRecordWithoutCategory() {
        byte[] envelope = anEnvelope().withRaw("{\"properties\":" + anEvent().json() + "}").with(anEvent()).bytes();

        read(envelope);

        assertThat(sink.reasons()).containsExactly("envelope record has no category");
        assertThat(sink.rejects.get(0).source().index()).isZero();
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void rejectsARecordWhoseCategoryIsNotTextWithoutReadingInsideIt() {
        String trap = "{\"category\":{\"category\":\"" + Events.NETWORK_CATEGORY + "\",\"properties\":"
                + anEvent().device("phantom").json() + "},\"properties\":" + anEvent().device("x").json() + "}";
        byte[] envelope = anEnvelope().withRaw(trap).with(anEvent().device("after")).bytes();

        read(envelope);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("after");
        assertThat(sink.reasons()).containsExactly("envelope record has no category");
        assertThat(sink.rejects.get(0).source().index()).isZero();
    }

    @Test
    void rejectsANetworkRecordWithoutProperties() {
        byte[] envelope = anEnvelope().withRaw("{\"category\":\"" + Events.NETWORK_CATEGORY + "\"}").with(anEvent())
                .bytes();

        read(envelope);

        assertThat(sink.reasons()).containsExactly("envelope record has no properties object");
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void rejectsANonObjectEnvelopeRecordAlone() {
        byte[] envelope = anEnvelope().with(anEvent().device("a")).withRaw("[1,2]").withRaw("null")
                .with(anEvent().device("b")).bytes();

        read(envelope);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a", "b");
        assertThat(sink.reasons()).containsExactly("envelope record is not a JSON object",
                "envelope record is not a JSON object");
        assertThat(sink.rejects).extracting(r -> r.source().index()).containsExactly(1, 2);
        assertThat(sink.rejects).extracting(r -> text(r.raw())).containsExactly("[1,2]", "null");
    }

    @Test
    void readsNothingFromAnEmptyEnvelope() {
        read("{\"records\":[]}");

        assertThat(sink.total()).isZero();
    }

    @Test
    void rejectsAnEnvelopeWhoseRecordsAreNotAnArray() {
        read("{\"records\":{\"a\":1}}");

        assertThat(sink.reasons()).containsExactly("records must be an array");
    }

    // --- Formats ---

    @Test
    void envelopeFormatRejectsARow() {
        reader(InputFormat.ENVELOPE).read(anEvent().bytes(), SOURCE, sink);

        assertThat(sink.reasons()).containsExactly("not a Streaming-API envelope (no records array)");
    }

    @Test
    void envelopeFormatRejectsAnArrayOfRows() {
        reader(InputFormat.ENVELOPE).read(Events.rowArray(anEvent()), SOURCE, sink);

        assertThat(sink.reasons()).containsExactly("not a JSON object");
    }

    @Test
    void envelopeFormatReadsAnEnvelope() {
        reader(InputFormat.ENVELOPE).read(anEnvelope().with(anEvent()).bytes(), SOURCE, sink);

        assertThat(sink.events).hasSize(1);
    }

    @Test
    void mdeFormatReadsRowsAndArrays() {
        RecordReader reader = reader(InputFormat.MDE);

        reader.read(anEvent().bytes(), SOURCE, sink);
        reader.read(Events.rowArray(anEvent(), anEvent()), SOURCE, sink);

        assertThat(sink.events).hasSize(3);
    }

    @Test
    void mdeFormatDoesNotTakeAnEnvelopeForEvents() {
        reader(InputFormat.MDE).read(anEnvelope().with(anEvent()).bytes(), SOURCE, sink);

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).containsExactly("Timestamp is missing");
    }

    // --- Whole records that are not JSON objects ---

    @Test
    void rejectsAnEmptyRecord() {
        read(new byte[0]);

        assertThat(sink.reasons()).containsExactly("empty record");
        assertThat(sink.rejects.get(0).source()).isEqualTo(SOURCE);
    }

    @Test
    void rejectsANullRecord() {
        reader(InputFormat.AUTO).read(null, SOURCE, sink);

        assertThat(sink.reasons()).containsExactly("empty record");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        read("hello world");

        assertThat(sink.reasons()).singleElement().asString().startsWith("malformed JSON at byte");
        assertThat(sink.rejects.get(0).raw().copy()).isEqualTo("hello world".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        read("42");
        read("\"text\"");
        read("null");

        assertThat(sink.reasons()).containsOnly("not a JSON object").hasSize(3);
    }

    @Test
    void rejectsTrailingDataAfterTheObject() {
        read(anEvent().json() + anEvent().json());

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().contains("trailing data");
    }

    @Test
    void rejectsATruncatedRow() {
        String json = anEvent().json();

        read(json.substring(0, json.length() / 2));

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().startsWith("malformed JSON").contains("end-of-input");
    }

    @Test
    void rejectsARecordOverMaxRecordBytesBeforeParsingIt() {
        RecordReader reader = RecordReaders.create(new InputSettings(InputFormat.AUTO, 1024, Duration.ofDays(1)), CLOCK);
        Events row = anEvent().commandLine("x".repeat(2000));

        reader.read(row.bytes(), SOURCE, sink);

        assertThat(sink.reasons()).containsExactly("record is " + row.bytes().length
                + " bytes, over input.max-record-bytes (1024)");
    }

    @Test
    void readsARecordOfExactlyMaxRecordBytes() {
        Events row = anEvent();
        row.commandLine("\"tool.exe\" --connect" + "x".repeat(1024 - row.bytes().length));
        RecordReader reader = RecordReaders.create(new InputSettings(InputFormat.AUTO, 1024, Duration.ofDays(1)), CLOCK);

        reader.read(row.bytes(), SOURCE, sink);

        assertThat(row.bytes()).hasSize(1024);
        assertThat(sink.events).hasSize(1);
    }

    // --- Structural damage inside an envelope: what came before survives, the rest is a dead letter ---

    @Test
    void truncatedEnvelopeDeliversTheRecordsBeforeTheCutAndSaysSo() {
        String envelope = anEnvelope().with(anEvent().device("a")).with(anEvent().device("b")).json();
        String cut = envelope.substring(0, envelope.lastIndexOf("\"DeviceId\""));

        read(cut);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a");
        assertThat(sink.reasons()).singleElement().asString().startsWith("malformed JSON")
                .contains("after 1 good record");
        assertThat(text(sink.rejects.get(0).raw())).isEqualTo(cut);
    }

    @Test
    void envelopeThatBreaksAsAWholeIsOneDeadLetterNotAlsoItsBadRecords() {
        String envelope = anEnvelope().with(anEvent().device("a")).with(anEvent().device("b").set("RemotePort", "x"))
                .withCategory("AdvancedHunting-DeviceProcessEvents", anEvent()).with(anEvent().device("d")).json();
        String cut = envelope.substring(0, envelope.length() - 30);

        read(cut);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a");
        assertThat(sink.skips).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().startsWith("malformed JSON");
        assertThat(sink.rejects.get(0).source()).isEqualTo(SOURCE);
        assertThat(text(sink.rejects.get(0).raw())).isEqualTo(cut);
    }

    @Test
    void rowArrayThatBreaksAsAWholeIsOneDeadLetter() {
        read("[1,2");

        assertThat(sink.reasons()).singleElement().asString().startsWith("malformed JSON");
        assertThat(sink.rejects.get(0).source()).isEqualTo(SOURCE);
    }

    @Test
    void truncatedRowArrayDeliversTheRowsBeforeTheCutAndSaysSo() {
        String array = new String(Events.rowArray(anEvent().device("a"), anEvent().device("b")), StandardCharsets.UTF_8);
        String cut = array.substring(0, array.length() - 20);

        read(cut);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a");
        assertThat(sink.reasons()).singleElement().asString().contains("after 1 good record");
    }

    @Test
    void rejectsARecordNestedTooDeeplyAloneAndReadsTheRest() {
        String deep = "[".repeat(100) + "]".repeat(100);
        byte[] envelope = anEnvelope().with(anEvent().device("a")).with(anEvent().device("b").raw("Deep", deep))
                .with(anEvent().device("c")).bytes();

        read(envelope);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a", "c");
        assertThat(sink.reasons()).singleElement().asString().contains("nested deeper than 64");
        assertThat(sink.rejects.get(0).source().index()).isEqualTo(1);
    }

    @Test
    void rejectsARowNestedTooDeeply() {
        read(anEvent().raw("Deep", "{\"a\":".repeat(80) + "1" + "}".repeat(80)).bytes());

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().contains("nested deeper than 64");
    }

    @Test
    void rejectsNestingBeyondTheParserLimitWithoutReadingFurther() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        read(anEnvelope().with(anEvent().device("a")).with(anEvent().raw("Deep", deep)).bytes());

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a");
        assertThat(sink.reasons()).singleElement().asString().startsWith("record exceeds parser limits")
                .contains("nesting depth").contains("after 1 good record");
    }

    @Test
    void rejectsNestingOneLevelPastTheLimit() {
        read(anEvent().raw("Deep", "[".repeat(64) + "]".repeat(64)).bytes());

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).containsExactly("record is nested deeper than 64 levels");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        // The row is level 1, so a value may open 63 more levels.
        read(anEvent().raw("Deep", "[".repeat(63) + "]".repeat(63)).bytes());

        assertThat(sink.rejects).isEmpty();
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void rejectsInvalidUtf8InAUsedField() {
        byte[] row = anEvent().deviceName("HOST-X").bytes();
        byte[] bad = replace(row, "HOST-X", new byte[] {'H', (byte) 0xC3, '(', 'S', 'T', 'X'});

        read(bad);

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().startsWith("malformed JSON").contains("UTF-8");
        assertThat(sink.rejects.get(0).raw().copy()).isEqualTo(bad);
    }

    @Test
    void invalidUtf8InAnEnvelopeDeliversTheRecordsBeforeItAndSaysSo() {
        byte[] envelope = anEnvelope().with(anEvent().device("a")).with(anEvent().device("b").deviceName("HOST-X"))
                .bytes();
        byte[] bad = replace(envelope, "HOST-X", new byte[] {'H', (byte) 0xFF, (byte) 0xFE, 'S', 'T', 'X'});

        read(bad);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("a");
        assertThat(sink.reasons()).singleElement().asString().contains("UTF-8").contains("after 1 good record");
    }

    static byte[] replace(byte[] haystack, String needle, byte[] replacement) {
        String text = new String(haystack, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(needle);
        assertThat(at).as("'%s' in the record", needle).isNotNegative();
        byte[] result = haystack.clone();
        System.arraycopy(replacement, 0, result, at, replacement.length);
        return result;
    }
}
