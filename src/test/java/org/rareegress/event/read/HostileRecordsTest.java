package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEnvelope;
import static org.rareegress.event.Events.anEvent;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.Events;
import org.rareegress.event.InputFormat;
import org.rareegress.event.NetworkEvent;

/**
 * Records that are well-formed JSON but wrong in a field: each is rejected with a reason that
 * names the field and the problem, alone, as a row and inside an envelope between good records.
 * (Structural damage, which no parser can read past, is in {@link MdeJsonReaderTest}.)
 * The reader's clock is 2024-05-02T00:00:00Z and input.max-future-skew is one day.
 */
class HostileRecordsTest {

    private static Arguments hostile(String name, UnaryOperator<Events> damage, String reason) {
        return Arguments.of(name, damage, reason);
    }

    static Stream<Arguments> corpus() {
        String all = "Timestamp,DeviceId,DeviceName,ActionType,Protocol,RemoteIPType,RemoteIP,RemotePort,RemoteUrl,"
                + "InitiatingProcessFileName,InitiatingProcessMD5,InitiatingProcessSHA256,"
                + "InitiatingProcessCommandLine,InitiatingProcessFolderPath";
        return Stream.of(
                // wrong types
                hostile("port as words", e -> e.set("RemotePort", "abc"), "RemotePort is not a port number: 'abc'"),
                hostile("port as boolean", e -> e.set("RemotePort", true), "RemotePort must be a number, got a boolean"),
                hostile("port as decimal", e -> e.set("RemotePort", 1.5), "RemotePort is not a whole number: 1.5"),
                hostile("port as exponent", e -> e.raw("RemotePort", "4e3"), "RemotePort is not a whole number: 4e3"),
                hostile("port as object", e -> e.raw("RemotePort", "{}"), "RemotePort must be a number, got an object"),
                hostile("port as array", e -> e.raw("RemotePort", "[443]"), "RemotePort must be a number, got an array"),
                hostile("timestamp as epoch", e -> e.set("Timestamp", 1_714_557_600L),
                        "Timestamp must be a string, got a number"),
                hostile("timestamp as object", e -> e.raw("Timestamp", "{\"$date\":1}"),
                        "Timestamp must be a string, got an object"),
                hostile("device id as number", e -> e.set("DeviceId", 42), "DeviceId must be a string, got a number"),
                hostile("protocol as boolean", e -> e.set("Protocol", false), "Protocol must be a string, got a boolean"),
                hostile("remote ip as number", e -> e.set("RemoteIP", 134_744_072),
                        "RemoteIP must be a string, got a number"),
                hostile("file name as array", e -> e.raw("InitiatingProcessFileName", "[\"a.exe\"]"),
                        "InitiatingProcessFileName must be a string, got an array"),
                // nulls and absences
                hostile("nulls everywhere", e -> {
                    for (String field : all.split(",")) {
                        e.set(field, null);
                    }
                    return e;
                }, "Timestamp is missing"),
                hostile("no timestamp", e -> e.without("Timestamp"), "Timestamp is missing"),
                hostile("empty timestamp", e -> e.at(""), "Timestamp is missing"),
                hostile("null device id", e -> e.set("DeviceId", null), "DeviceId is missing"),
                hostile("empty device id", e -> e.set("DeviceId", ""), "DeviceId is missing"),
                hostile("no action type", e -> e.without("ActionType"), "ActionType is missing"),
                // huge strings
                hostile("device id over 256", e -> e.set("DeviceId", "d".repeat(257)),
                        "DeviceId is 257 characters long (at most 256)"),
                hostile("device name over 256", e -> e.deviceName("n".repeat(5000)),
                        "DeviceName is 5000 characters long (at most 256)"),
                hostile("file name over 260", e -> e.process("p".repeat(257) + ".exe"),
                        "InitiatingProcessFileName is 261 characters long (at most 260)"),
                // Control characters in names: no Windows name holds one; a line break would forge a log line.
                hostile("line break in the file name", e -> e.process("rat.exe\n2024-05-01 INFO all clear"),
                        "InitiatingProcessFileName contains the control character U+000A at index 7 (no Windows name can hold one)"),
                hostile("escape in the file name", e -> e.process("\u001b[2Jrat.exe"),
                        "InitiatingProcessFileName contains the control character U+001B at index 0"),
                hostile("NUL in the file name", e -> e.process("rat.exe\u0000.txt"),
                        "InitiatingProcessFileName contains the control character U+0000 at index 7"),
                hostile("carriage return in the device name", e -> e.deviceName("ws1\r"),
                        "DeviceName contains the control character U+000D at index 3"),
                hostile("tab in the device id", e -> e.device("d\t1"), "DeviceId contains the control character U+0009 at index 1"),
                // Hashes live in the per-process state: only the real format, or nothing.
                hostile("md5 of 2048 characters", e -> e.md5("f".repeat(2048)),
                        "InitiatingProcessMD5 is not 32 hexadecimal digits: '" + "f".repeat(80) + "...' (2048 characters)"),
                hostile("md5 one digit short", e -> e.md5("f".repeat(31)),
                        "InitiatingProcessMD5 is not 32 hexadecimal digits: '" + "f".repeat(31) + "' (31 characters)"),
                hostile("md5 not hex", e -> e.md5("g".repeat(32)),
                        "InitiatingProcessMD5 is not 32 hexadecimal digits: '" + "g".repeat(32) + "' (32 characters)"),
                hostile("sha256 of an md5", e -> e.sha256("0123456789abcdef0123456789abcdef"),
                        "InitiatingProcessSHA256 is not 64 hexadecimal digits: '0123456789abcdef0123456789abcdef' (32 characters)"),
                hostile("command line over 32768", e -> e.commandLine("c".repeat(32_769)),
                        "InitiatingProcessCommandLine is 32769 characters long (at most 32768)"),
                hostile("remote url over 32768", e -> e.remoteUrl("u".repeat(40_000)),
                        "RemoteUrl is 40000 characters long (at most 32768)"),
                hostile("folder path over 32768", e -> e.folderPath("f".repeat(32_769)),
                        "InitiatingProcessFolderPath is 32769 characters long (at most 32768)"),
                // bogus addresses
                hostile("octet over 255", e -> e.remoteIp("1.2.3.999"), "RemoteIP is not an IP address: '1.2.3.999'"),
                hostile("leading zero", e -> e.remoteIp("01.2.3.4"), "RemoteIP is not an IP address: '01.2.3.4'"),
                hostile("three octets", e -> e.remoteIp("1.2.3"), "RemoteIP is not an IP address: '1.2.3'"),
                hostile("five octets", e -> e.remoteIp("1.2.3.4.5"), "RemoteIP is not an IP address: '1.2.3.4.5'"),
                hostile("scoped ipv6", e -> e.remoteIp("fe80::1%eth0"), "RemoteIP is not an IP address: 'fe80::1%eth0'"),
                hostile("mapped bad ipv4", e -> e.remoteIp("::ffff:999.1.1.1"),
                        "RemoteIP is not an IP address: '::ffff:999.1.1.1'"),
                hostile("padded address", e -> e.remoteIp(" 8.8.8.8"), "RemoteIP is not an IP address: ' 8.8.8.8'"),
                hostile("host name", e -> e.remoteIp("dns.google"), "RemoteIP is not an IP address: 'dns.google'"),
                hostile("cidr", e -> e.remoteIp("8.8.8.0/24"), "RemoteIP is not an IP address: '8.8.8.0/24'"),
                // ports out of range
                hostile("negative port", e -> e.port(-1), "RemotePort is out of range: -1"),
                hostile("port 65536", e -> e.port(65536), "RemotePort is out of range: 65536"),
                hostile("port beyond int", e -> e.set("RemotePort", 99_999_999_999L),
                        "RemotePort is out of range: 99999999999"),
                hostile("port text 65536", e -> e.set("RemotePort", "65536"), "RemotePort is out of range: 65536"),
                hostile("port text negative", e -> e.set("RemotePort", "-1"), "RemotePort is not a port number: '-1'"),
                // timestamps in other forms
                hostile("us date", e -> e.at("05/01/2024 10:00"),
                        "Timestamp is not an ISO-8601 date-time: '05/01/2024 10:00'"),
                hostile("month 13", e -> e.at("2024-13-01T00:00:00Z"),
                        "Timestamp is not an ISO-8601 date-time: '2024-13-01T00:00:00Z'"),
                hostile("february 30", e -> e.at("2024-02-30T10:00:00Z"),
                        "Timestamp is not an ISO-8601 date-time: '2024-02-30T10:00:00Z'"),
                hostile("not a leap year", e -> e.at("2023-02-29T10:00:00Z"),
                        "Timestamp is not an ISO-8601 date-time: '2023-02-29T10:00:00Z'"),
                hostile("epoch as text", e -> e.at("1714557600"),
                        "Timestamp is not an ISO-8601 date-time: '1714557600'"),
                hostile("ten fraction digits", e -> e.at("2024-05-01T10:00:00.1234567890Z"),
                        "Timestamp is not an ISO-8601 date-time"),
                hostile("before 1970", e -> e.at("1969-12-31T23:59:59.9999999Z"), "Timestamp is before 1970"),
                hostile("far future", e -> e.at("2024-05-03T00:00:00.0000001Z"),
                        "Timestamp 2024-05-03T00:00:00.0000001Z is further in the future than input.max-future-skew allows"),
                hostile("year 9999", e -> e.at("9999-12-31T23:59:59Z"), "Timestamp is after 2262: 9999-12-31T23:59:59Z"),
                hostile("far future by offset", e -> e.at("2024-05-03T01:00:00+00:59"), "further in the future"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectsTheRowWithAPreciseReason(String name, UnaryOperator<Events> damage, String reason) {
        RecordingSink sink = new RecordingSink();
        byte[] row = damage.apply(anEvent()).bytes();

        MdeJsonReaderTest.reader(InputFormat.AUTO).read(row, MdeJsonReaderTest.SOURCE, sink);

        assertThat(sink.events).isEmpty();
        assertThat(sink.reasons()).singleElement().asString().contains(reason);
        assertThat(sink.rejects.get(0).raw().copy()).isEqualTo(row);
        assertThat(sink.rejects.get(0).source()).isEqualTo(MdeJsonReaderTest.SOURCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectsTheEnvelopeRecordAloneAndKeepsTheGoodOnes(String name, UnaryOperator<Events> damage, String reason) {
        RecordingSink sink = new RecordingSink();
        Events bad = damage.apply(anEvent().device("bad"));
        byte[] envelope = anEnvelope().with(anEvent().device("before")).with(bad).with(anEvent().device("after"))
                .bytes();

        MdeJsonReaderTest.reader(InputFormat.AUTO).read(envelope, MdeJsonReaderTest.SOURCE, sink);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("before", "after");
        assertThat(sink.reasons()).singleElement().asString().contains(reason);
        DeadLetter rejected = sink.rejects.get(0);
        assertThat(rejected.source()).isEqualTo(MdeJsonReaderTest.SOURCE.withIndex(1));
        assertThat(new String(rejected.raw().copy(), StandardCharsets.UTF_8))
                .isEqualTo(bad.envelopeRecordJson(Events.NETWORK_CATEGORY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectsTheArrayRowAloneAndKeepsTheGoodOnes(String name, UnaryOperator<Events> damage, String reason) {
        RecordingSink sink = new RecordingSink();
        byte[] array = Events.rowArray(anEvent().device("before"), damage.apply(anEvent().device("bad")),
                anEvent().device("after"));

        MdeJsonReaderTest.reader(InputFormat.AUTO).read(array, MdeJsonReaderTest.SOURCE, sink);

        assertThat(sink.events).extracting(NetworkEvent::deviceId).containsExactly("before", "after");
        assertThat(sink.reasons()).singleElement().asString().contains(reason);
        assertThat(sink.rejects.get(0).source().index()).isEqualTo(1);
    }
}
