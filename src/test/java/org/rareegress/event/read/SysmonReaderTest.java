package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.read.SysmonRecords.bytes;
import static org.rareegress.event.read.SysmonRecords.networkConnect;
import static org.rareegress.event.read.SysmonRecords.processCreate;
import static org.rareegress.event.read.SysmonRecords.read;
import static org.rareegress.event.read.SysmonRecords.reader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rareegress.event.InputFormat;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RecordReader;
import org.rareegress.event.Timestamps;

/** Sysmon 3 mapped to DeviceNetworkEvents, Sysmon 1 joined, other Windows events skipped. */
class SysmonReaderTest {

    @ParameterizedTest
    @EnumSource(value = InputFormat.class, names = {"AUTO", "SYSMON"})
    void mapsAnOutboundConnectionToTheDefenderFields(InputFormat format) {
        byte[] record = bytes(networkConnect());

        NetworkEvent event = read(reader(format), record).onlyEvent();

        assertThat(Timestamps.toInstant(event.timestampNanos())).isEqualTo(Instant.parse("2022-07-05T02:00:36.123Z"));
        assertThat(event.deviceId()).isEqualTo("desktop-cqf82l6");
        assertThat(event.deviceName()).isEqualTo("DESKTOP-CQF82L6");
        assertThat(event.actionType()).isEqualTo("ConnectionSuccess");
        assertThat(event.protocol()).isEqualTo("Tcp");
        assertThat(event.remoteIp()).isEqualTo("93.184.216.34");
        assertThat(event.remoteIpType()).isEqualTo("Public");
        assertThat(event.remotePort()).isEqualTo(8443);
        assertThat(event.processFileName()).isEqualTo("payload.exe");
        assertThat(event.folderPath()).isEqualTo(SysmonRecords.PAYLOAD);
        assertThat(event.source()).isEqualTo(SysmonRecords.SOURCE);
    }

    @Test
    void neverTakesTheReverseLookupDestinationHostnameForRemoteUrl() {
        byte[] record = bytes(networkConnect().put("DestinationHostname", "c2.example.net"));

        NetworkEvent event = read(reader(InputFormat.AUTO), record).onlyEvent();

        assertThat(event.remoteUrl()).isNull();
    }

    @Test
    void joinsTheHashesAndCommandLineOfTheProcessCreationSeenBefore() {
        RecordReader reader = reader(InputFormat.AUTO);

        RecordingSink sink = read(reader, bytes(processCreate()), bytes(networkConnect()));

        NetworkEvent event = sink.onlyEvent();
        assertThat(sink.skips).containsExactly("Sysmon event 1");
        assertThat(event.md5()).isEqualTo("a81a5b5a42c7b58350cbdbc42a39341f");
        assertThat(event.sha256()).isEqualTo("ef63e94479ffe3d5abc64f3dc0e5cc3ef7ffaf24d925b8f428ed5d1f959083e0");
        assertThat(event.commandLine()).isEqualTo("\"" + SysmonRecords.PAYLOAD + "\" ");
    }

    @Test
    void joinsACommandLineOfTheWindowsMaximumCutTo1024CharactersWithItsMarker() {
        String whole = "\"" + SysmonRecords.PAYLOAD + "\" " + "A".repeat(32_767 - SysmonRecords.PAYLOAD.length() - 3);
        RecordReader reader = reader(InputFormat.AUTO);

        NetworkEvent event = read(reader, bytes(processCreate().put("CommandLine", whole)), bytes(networkConnect())).onlyEvent();

        assertThat(event.commandLine()).startsWith(whole.substring(0, 1_024))
                .endsWith("A... [" + (32_767 - 1_024) + " more characters]");
        assertThat(event.md5()).isEqualTo("a81a5b5a42c7b58350cbdbc42a39341f");
    }

    @Test
    void emitsTheConnectionWithoutHashesWhenNoProcessCreationWasSeen() {
        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(networkConnect())).onlyEvent();

        assertThat(event.md5()).isNull();
        assertThat(event.sha256()).isNull();
        assertThat(event.commandLine()).isNull();
    }

    @Test
    void doesNotJoinTheSameProcessGuidOfAnotherHost() {
        byte[] otherHost = bytes(processCreate().put("Hostname", "WORKSTATION6"));

        RecordingSink sink = read(reader(InputFormat.AUTO), otherHost, bytes(networkConnect()));

        assertThat(sink.onlyEvent().md5()).isNull();
    }

    @Test
    void joinsAcrossCaseDifferencesOfHostAndProcessGuid() {
        byte[] creation = bytes(processCreate().put("Hostname", "desktop-cqf82l6")
                .put("ProcessGuid", SysmonRecords.GUID.toUpperCase()));

        RecordingSink sink = read(reader(InputFormat.AUTO), creation, bytes(networkConnect()));

        assertThat(sink.onlyEvent().md5()).isEqualTo("a81a5b5a42c7b58350cbdbc42a39341f");
    }

    @Test
    void mapsAnInboundConnectionWithTheInitiatorAsTheRemoteEnd() {
        ObjectNode inbound = networkConnect().put("Initiated", "false").put("SourceIp", "71.114.99.41")
                .put("SourcePort", "50046").put("DestinationIp", "172.18.39.6").put("DestinationPort", "3389");

        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(inbound)).onlyEvent();

        assertThat(event.actionType()).isEqualTo("InboundConnectionAccepted");
        assertThat(event.remoteIp()).isEqualTo("71.114.99.41");
        assertThat(event.remotePort()).isEqualTo(50046);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "UDP", "Udp"})
    void writesUdpAsDefenderDoes(String protocol) {
        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(networkConnect().put("Protocol", protocol))).onlyEvent();

        assertThat(event.protocol()).isEqualTo("Udp");
    }

    @Test
    void takesTheProcessNameAfterAForwardSlashToo() {
        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(networkConnect().put("Image", "/usr/bin/curl"))).onlyEvent();

        assertThat(event.processFileName()).isEqualTo("curl");
    }

    @Test
    void classifiesAPrivateDestination() {
        NetworkEvent event = read(reader(InputFormat.AUTO),
                bytes(networkConnect().put("DestinationIp", "10.0.10.104"))).onlyEvent();

        assertThat(event.remoteIpType()).isEqualTo("Private");
    }

    @Test
    void fallsBackToTheShippersTimestampWithoutUtcTime() {
        ObjectNode record = networkConnect();
        record.remove("UtcTime");

        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(record)).onlyEvent();

        assertThat(Timestamps.toInstant(event.timestampNanos())).isEqualTo(Instant.parse("2022-07-05T02:00:37.977Z"));
    }

    @Test
    void fallsBackToTimeCreatedWithoutUtcTimeOrTimestamp() {
        ObjectNode record = networkConnect();
        record.remove("UtcTime");
        record.remove("@timestamp");
        record.put("TimeCreated", "2022-07-05T02:00:38.000Z");

        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(record)).onlyEvent();

        assertThat(Timestamps.toInstant(event.timestampNanos())).isEqualTo(Instant.parse("2022-07-05T02:00:38Z"));
    }

    @Test
    void readsWinlogbeat6RecordsWithTheirEventDataObject() {
        String record = """
                {"@timestamp":"2019-05-18T20:19:21.130Z","host":{"name":"WECserver"},"computer_name":"HR001.shire.com",
                 "event_id":3,"log_name":"Microsoft-Windows-Sysmon/Operational","source_name":"Microsoft-Windows-Sysmon",
                 "event_data":{"Image":"C:\\\\Windows\\\\System32\\\\notepad.exe","UtcTime":"2019-05-18 20:19:20.000",
                  "ProcessGuid":"{03ba39f5-50b2-5ce0-0000-00109995c501}","Protocol":"tcp","Initiated":"true",
                  "SourceIp":"172.18.39.106","SourcePort":"52416","DestinationIp":"10.0.10.106","DestinationPort":"443"}}
                """;

        NetworkEvent event = read(reader(InputFormat.SYSMON), bytes(record)).onlyEvent();

        assertThat(event.deviceName()).as("the host is computer_name, not the collector's host.name").isEqualTo("HR001.shire.com");
        assertThat(event.processFileName()).isEqualTo("notepad.exe");
        assertThat(event.remoteIp()).isEqualTo("10.0.10.106");
        assertThat(event.remotePort()).isEqualTo(443);
    }

    @Test
    void readsWinlogbeat7RecordsUnderWinlog() {
        String record = """
                {"@timestamp":"2023-03-01T10:00:01.000Z","host":{"name":"collector"},
                 "winlog":{"event_id":"3","channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"ws1.corp.example",
                  "provider_name":"Microsoft-Windows-Sysmon",
                  "event_data":{"Image":"C:\\\\Tools\\\\rclone.exe","UtcTime":"2023-03-01 10:00:00.500","Protocol":"tcp",
                   "Initiated":"true","DestinationIp":"185.199.108.153","DestinationPort":"22","ProcessGuid":"{aa}"}},
                 "destination":{"ip":"185.199.108.153","port":22},"network":{"direction":"egress"}}
                """;

        NetworkEvent event = read(reader(InputFormat.AUTO), bytes(record)).onlyEvent();

        assertThat(event.deviceId()).isEqualTo("ws1.corp.example");
        assertThat(event.processFileName()).isEqualTo("rclone.exe");
        assertThat(event.remotePort()).isEqualTo(22);
    }

    @Test
    void skipsOtherSysmonEventsAndOtherWindowsChannels() {
        byte[] dns = bytes(SysmonRecords.header(22).put("QueryName", "example.com"));
        byte[] wfp = bytes(SysmonRecords.header(5156).put("Channel", "Security").put("SourceName", "Microsoft-Windows-Security-Auditing"));
        byte[] powershell = bytes(SysmonRecords.header(4104).put("Channel", "Microsoft-Windows-PowerShell/Operational")
                .put("SourceName", "Microsoft-Windows-PowerShell"));
        byte[] securityThree = bytes(SysmonRecords.header(3).put("Channel", "Security").put("SourceName", "Other"));

        RecordingSink sink = read(reader(InputFormat.AUTO), dns, wfp, powershell, securityThree);

        assertThat(sink.events).isEmpty();
        assertThat(sink.rejects).isEmpty();
        assertThat(sink.skips).containsExactly("Sysmon event 22", "Windows event 5156", "Windows event 4104", "Windows event 3");
    }

    @Test
    void skipsAProcessCreationItCannotRememberRatherThanRejectingIt() {
        ObjectNode creation = processCreate();
        creation.remove("ProcessGuid");

        RecordingSink sink = read(reader(InputFormat.AUTO), bytes(creation), bytes(networkConnect()));

        assertThat(sink.skips).containsExactly("Sysmon event 1");
        assertThat(sink.onlyEvent().md5()).isNull();
    }

    @Test
    void forcedSysmonFormatRejectsAnMdeRowAsNotAWindowsEvent() {
        byte[] mdeRow = bytes("{\"Timestamp\":\"2024-05-01T10:00:00Z\",\"DeviceId\":\"d1\",\"ActionType\":\"ConnectionSuccess\"}");

        RecordingSink sink = read(reader(InputFormat.SYSMON), mdeRow);

        assertThat(sink.reasons()).containsExactly("not a Windows event (no EventID, event_id or winlog.event_id)");
    }
}
