package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.read.SysmonRecords.bytes;
import static org.rareegress.event.read.SysmonRecords.networkConnect;
import static org.rareegress.event.read.SysmonRecords.read;
import static org.rareegress.event.read.SysmonRecords.reader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rareegress.event.InputFormat;

/**
 * Hostile Sysmon and ECS records: each is rejected alone with a reason naming the source field, and
 * the good record read next by the same reader is still an event.
 */
class HostileSysmonAndEcsRecordsTest {
    private static final String ECS = """
            {"@timestamp":"2024-05-01T10:00:00Z","event":{"category":["network"]},"host":{"name":"ws1"},
             "process":{"executable":"C:\\\\x\\\\tool.exe"},"destination":{"ip":"8.8.8.8","port":4444},
             "network":{"transport":"tcp","direction":"egress"}}""";

    static Stream<Arguments> hostileSysmon() {
        return Stream.of(
                sysmon("missing Image", r -> remove(r, "Image"), "Image is missing"),
                sysmon("Image a number", r -> r.put("Image", 42), "Image must be a string, got a number"),
                sysmon("DestinationIp garbage", r -> r.put("DestinationIp", "garbage"), "DestinationIp is not an IP address: 'garbage'"),
                sysmon("DestinationIp missing", r -> remove(r, "DestinationIp"), "DestinationIp is missing"),
                sysmon("DestinationIp 999.1.1.1", r -> r.put("DestinationIp", "999.1.1.1"), "DestinationIp is not an IP address: '999.1.1.1'"),
                sysmon("DestinationPort 99999", r -> r.put("DestinationPort", "99999"), "DestinationPort is out of range: 99999 (at most 65535)"),
                sysmon("DestinationPort -1", r -> r.put("DestinationPort", "-1"), "DestinationPort is not a whole number: '-1'"),
                sysmon("DestinationPort 8443.5", r -> r.put("DestinationPort", 8443.5), "DestinationPort must be a number, got a number"),
                sysmon("DestinationPort an object", r -> { r.putObject("DestinationPort").put("a", 1); return r; }, "DestinationPort must be a number, got an object"),
                sysmon("Initiated maybe", r -> r.put("Initiated", "maybe"), "Initiated must be true or false, got 'maybe'"),
                sysmon("Initiated missing", r -> remove(r, "Initiated"), "Initiated is missing"),
                sysmon("Initiated an array", r -> { r.putArray("Initiated").add(true); return r; }, "Initiated must be true or false, got an array"),
                sysmon("Hostname missing", r -> remove(r, "Hostname"), "Hostname is missing"),
                sysmon("Hostname an object", r -> { r.putObject("Hostname").putObject("x").put("y", "z"); return r; }, "Hostname must be a string, got an object"),
                sysmon("UtcTime garbage", r -> r.put("UtcTime", "yesterday"), "UtcTime is not a Sysmon time (yyyy-MM-dd HH:mm:ss.fff, UTC): 'yesterday'"),
                sysmon("UtcTime 13th month", r -> r.put("UtcTime", "2022-13-05 02:00:36.123"), "UtcTime is not a Sysmon time (yyyy-MM-dd HH:mm:ss.fff, UTC): '2022-13-05 02:00:36.123'"),
                sysmon("UtcTime before 1970", r -> r.put("UtcTime", "1969-12-31 23:59:59.000"), "UtcTime is before 1970: 1969-12-31T23:59:59Z"),
                sysmon("no time at all", r -> remove(remove(r, "UtcTime"), "@timestamp"), "no event time: UtcTime, @timestamp and TimeCreated are all missing"),
                sysmon("far future", r -> r.put("UtcTime", "2030-01-01 00:00:00.000"), "Timestamp 2030-01-01T00:00:00.000Z is further in the future than input.max-future-skew allows"),
                sysmon("EventID not a number", r -> r.put("EventID", "three"), "EventID is not a whole number: 'three'"),
                sysmon("huge Image", r -> r.put("Image", "C:\\" + "a".repeat(40_000) + ".exe"), "Image is 40007 characters long (at most 32768)"),
                sysmon("huge Hostname", r -> r.put("Hostname", "h".repeat(2_000)), "Hostname is 2000 characters long (at most 256)"));
    }

    static Stream<Arguments> hostileEcs() {
        return Stream.of(
                ecs("destination.ip garbage", ECS.replace("\"8.8.8.8\"", "\"garbage\""), "destination.ip is not an IP address: 'garbage'"),
                ecs("destination.ip a number", ECS.replace("\"8.8.8.8\"", "8"), "destination.ip must be a string, got a number"),
                ecs("destination.ip missing", ECS.replace("\"ip\":\"8.8.8.8\",", ""), "destination.ip is missing"),
                ecs("destination.port 99999", ECS.replace("4444", "99999"), "destination.port is out of range: 99999 (at most 65535)"),
                ecs("destination.port text", ECS.replace("4444", "\"ssh\""), "destination.port is not a whole number: 'ssh'"),
                ecs("host.name missing", ECS.replace("\"host\":{\"name\":\"ws1\"},", ""), "host.name is missing"),
                ecs("no process", ECS.replaceAll("\"process\":\\{[^}]*\\},", ""), "process.executable and process.name are missing"),
                ecs("huge process.executable", ECS.replace("tool.exe", "t".repeat(2_000) + ".exe"),
                        "process.executable's file name is 2004 characters long (at most 260)"),
                ecs("huge host.name", ECS.replace("\"ws1\"", "\"" + "w".repeat(1_500) + "\""), "host.name is 1500 characters long (at most 256)"),
                ecs("@timestamp garbage", ECS.replace("2024-05-01T10:00:00Z", "soon"), "@timestamp is not an ISO-8601 date-time: 'soon'"),
                ecs("event.category an object", ECS.replace("[\"network\"]", "{\"a\":1}"), "event.category must be a string or an array of strings, got an object"),
                ecs("event.category holds numbers", ECS.replace("[\"network\"]", "[1]"), "event.category must hold strings, got a number"),
                ecs("network.direction a boolean", ECS.replace("\"egress\"", "true"), "network.direction must be a string, got a boolean"),
                ecs("nested too deep", ECS.replace("\"ecs.x\"", "").replace("{\"category\"", "{\"deep\":" + "[".repeat(80) + "]".repeat(80) + ",\"category\""),
                        // The tree pass cannot read it either, so the MDE pass's own reason stands.
                        "record is nested deeper than 64 levels"),
                ecs("truncated", ECS.substring(0, ECS.length() - 20), "malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"hostileSysmon", "hostileEcs"})
    void rejectsAloneWithAPreciseReasonAndReadsTheNextGoodRecord(String name, byte[] hostile, String reason, byte[] good) {
        RecordingSink sink = read(reader(InputFormat.AUTO), hostile, good);

        assertThat(sink.reasons()).singleElement().asString().startsWith(reason);
        assertThat(sink.rejects.get(0).source()).isEqualTo(SysmonRecords.SOURCE);
        assertThat(sink.rejects.get(0).raw().copy()).isEqualTo(hostile);
        assertThat(sink.events).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSysmon")
    void forcedSysmonFormatGivesTheSameReasons(String name, byte[] hostile, String reason, byte[] good) {
        RecordingSink sink = read(reader(InputFormat.SYSMON), hostile, good);

        assertThat(sink.reasons()).singleElement().asString().startsWith(reason);
        assertThat(sink.events).hasSize(1);
    }

    private static Arguments sysmon(String name, UnaryOperator<ObjectNode> change, String reason) {
        return Arguments.of(name, bytes(change.apply(networkConnect())), reason, bytes(networkConnect()));
    }

    private static Arguments ecs(String name, String hostile, String reason) {
        return Arguments.of(name, bytes(hostile), reason, bytes(ECS));
    }

    private static ObjectNode remove(ObjectNode record, String field) {
        record.remove(field);
        return record;
    }
}
