package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.read.SysmonRecords.bytes;
import static org.rareegress.event.read.SysmonRecords.read;
import static org.rareegress.event.read.SysmonRecords.reader;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.event.InputFormat;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.Timestamps;

/** ECS network events (nested or dotted) and Sentinel / Log Analytics rows of DeviceNetworkEvents. */
class EcsAndSentinelReaderTest {
    private static final String NESTED = """
            {"@timestamp":"2024-05-01T10:00:00.123456Z","ecs":{"version":"8.11.0"},
             "event":{"category":["network"],"type":["start"],"action":"connection_attempted","outcome":"success"},
             "host":{"name":"WS1.corp.example","id":"b1c2d3"},
             "process":{"executable":"C:\\\\Tools\\\\rclone.exe","name":"rclone.exe","command_line":"rclone copy x remote:",
                        "hash":{"md5":"0123456789ABCDEF0123456789ABCDEF","sha256":"AB%s"}},
             "source":{"ip":"10.1.2.3","port":50123},"destination":{"ip":"185.199.108.153","port":22},
             "network":{"transport":"tcp","direction":"egress"}}
            """.formatted("cd".repeat(31));
    private static final String DOTTED = """
            {"@timestamp":"2024-05-01T10:00:00.123456Z","event.category":"network","host.name":"ws2","process.executable":"/usr/bin/nc",
             "destination.ip":"8.8.4.4","destination.port":"4444","network.transport":"udp","network.direction":"outbound"}
            """;

    @ParameterizedTest
    @EnumSource(value = InputFormat.class, names = {"AUTO", "ECS"})
    void mapsANestedEcsConnection(InputFormat format) {
        NetworkEvent event = read(reader(format), bytes(NESTED)).onlyEvent();

        assertThat(Timestamps.toInstant(event.timestampNanos())).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456Z"));
        assertThat(event.deviceId()).as("host.id when there is one").isEqualTo("b1c2d3");
        assertThat(event.deviceName()).isEqualTo("WS1.corp.example");
        assertThat(event.actionType()).isEqualTo("ConnectionSuccess");
        assertThat(event.protocol()).isEqualTo("Tcp");
        assertThat(event.remoteIp()).isEqualTo("185.199.108.153");
        assertThat(event.remoteIpType()).isEqualTo("Public");
        assertThat(event.remotePort()).isEqualTo(22);
        assertThat(event.processFileName()).isEqualTo("rclone.exe");
        assertThat(event.folderPath()).isEqualTo("C:\\Tools\\rclone.exe");
        assertThat(event.md5()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(event.sha256()).isEqualTo("ab" + "cd".repeat(31));
        assertThat(event.commandLine()).isEqualTo("rclone copy x remote:");
        assertThat(event.remoteUrl()).isNull();
    }

    @Test
    void mapsDottedKeysAndTakesTheHostNameLowerCasedAsDeviceIdWithoutHostId() {
        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(DOTTED)).onlyEvent();

        assertThat(event.deviceId()).isEqualTo("ws2");
        assertThat(event.processFileName()).isEqualTo("nc");
        assertThat(event.protocol()).isEqualTo("Udp");
        assertThat(event.remotePort()).isEqualTo(4444);
    }

    @Test
    void mapsAFailedOutboundAttemptAsDefenderDoes() {
        NetworkEvent event = read(reader(InputFormat.ECS), bytes(NESTED.replace("\"success\"", "\"failure\""))).onlyEvent();

        assertThat(event.actionType()).isEqualTo("ConnectionFailed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "inbound", "incoming"})
    void mapsAnInboundConnectionWithTheSourceAsTheRemoteEnd(String direction) {
        NetworkEvent event = read(reader(InputFormat.ECS), bytes(NESTED.replace("\"egress\"", "\"" + direction + "\""))).onlyEvent();

        assertThat(event.actionType()).isEqualTo("InboundConnectionAccepted");
        assertThat(event.remoteIp()).isEqualTo("10.1.2.3");
        assertThat(event.remotePort()).isEqualTo(50123);
    }

    @Test
    void skipsEcsEventsOfOtherCategoriesAndDnsLookups() {
        byte[] process = bytes("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]}}");
        byte[] dns = bytes("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"category\":\"network\"},"
                + "\"network\":{\"direction\":\"egress\"},\"dns\":{\"question\":{\"name\":\"example.com\"}}}");

        RecordingSink sink = read(reader(InputFormat.AUTO), process, dns);

        assertThat(sink.events).isEmpty();
        assertThat(sink.rejects).isEmpty();
        assertThat(sink.skips).containsExactly("ECS event of category process", "ECS DNS event");
    }

    @Test
    void takesTimeGeneratedForASentinelRowWithoutTimestamp() {
        byte[] row = bytes("""
                {"TenantId":"t1","TimeGenerated":"2024-05-01T10:00:05Z","DeviceId":"d1","DeviceName":"ws1",
                 "ActionType":"ConnectionSuccess","Protocol":"Tcp","RemoteIPType":"Public","RemoteIP":"8.8.8.8",
                 "RemotePort":4444,"InitiatingProcessFileName":"x.exe","Type":"DeviceNetworkEvents"}
                """);

        NetworkEvent event = read(reader(InputFormat.AUTO), row).onlyEvent();

        assertThat(Timestamps.toInstant(event.timestampNanos())).isEqualTo(Instant.parse("2024-05-01T10:00:05Z"));
    }

    @ParameterizedTest
    @EnumSource(value = InputFormat.class, names = {"AUTO", "SENTINEL", "MDE"})
    void prefersTheEventsOwnTimestampToTimeGenerated(InputFormat format) {
        byte[] row = bytes("""
                {"TimeGenerated":"2024-05-01T10:05:00Z","Timestamp":"2024-05-01T10:00:00Z","DeviceId":"d1",
                 "ActionType":"ConnectionSuccess","RemoteIP":"8.8.8.8","Type":"DeviceNetworkEvents"}
                """);

        NetworkEvent event = read(reader(format), row).onlyEvent();

        assertThat(Timestamps.toInstant(event.timestampNanos())).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void skipsSentinelRowsOfOtherTables() {
        byte[] row = bytes("""
                {"TimeGenerated":"2024-05-01T10:05:00Z","Timestamp":"2024-05-01T10:00:00Z","DeviceId":"d1",
                 "ActionType":"ProcessCreated","Type":"DeviceProcessEvents"}
                """);

        RecordingSink sink = read(reader(InputFormat.SENTINEL), row);

        assertThat(sink.events).isEmpty();
        assertThat(sink.rejects).isEmpty();
        assertThat(sink.skips).containsExactly("DeviceProcessEvents");
    }

    @Test
    void forcedEcsFormatRejectsASysmonRecordAsNotAnEcsEvent() {
        RecordingSink sink = read(reader(InputFormat.ECS), bytes(SysmonRecords.header(3).put("@timestamp", (String) null)));

        assertThat(sink.reasons()).singleElement().asString().startsWith("not an ECS event");
    }
}
