package org.rareegress.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.alert.KqlLexer.Kind;
import org.rareegress.alert.KqlLexer.Token;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.FilterSettings;

class HuntQueryTest {
    private static final FilterSettings SEED = Settings.defaults().filter();

    @Test
    void showsTheAlertsProcessOnItsDevicesInItsWindow() {
        Alert alert = Alerts.alert(AlertType.UPDATED, "rat.exe", 2, 4, "Device");

        String query = HuntQuery.of(alert, SEED);

        assertThat(query.lines().toList()).startsWith("DeviceNetworkEvents",
                "| where Timestamp > datetime(2024-05-02T08:00:00.1234567Z) and Timestamp <= datetime(2024-06-01T08:00:00.1234567Z)",
                "| where InitiatingProcessFileName =~ \"rat.exe\"",
                "| where DeviceId in (\"d1\", \"d2\")");
        assertThat(strings(query)).contains("rat.exe", "d1", "d2");
    }

    @Test
    void reproducesTheFilterSettingsOfTheRun() {
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("filter.protocols=Tcp,Udp",
                "filter.excluded-ports=80,443,8080", "filter.excluded-networks=100.0.0.0/16,200.200.200.0/24",
                "filter.remote-ip-types=Public,Private"));

        String query = HuntQuery.of(Alerts.alert(AlertType.NEW_RARE, "rat.exe", 1, 4, "Process"), settings.filter());

        assertThat(query).contains("| where ActionType in (\"ConnectionSuccess\") and Protocol in (\"Tcp\", \"Udp\")"
                        + " and RemoteIPType in (\"Private\", \"Public\")",
                "| where isempty(RemoteUrl) and RemotePort !in (80, 443, 8080)",
                "not(ipv4_is_in_any_range(RemoteIPv4, \"100.0.0.0/16\", \"200.200.200.0/24\"))");
    }

    @Test
    void leavesOutTheClausesOfFilterItemsTurnedOff() {
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("filter.excluded-ports=",
                "filter.require-empty-remote-url=false"));

        String query = HuntQuery.of(Alerts.alert(AlertType.NEW_RARE, "rat.exe", 1, 4, "Process"), settings.filter());

        assertThat(query).doesNotContain("RemotePort !in", "isempty(RemoteUrl)", "ipv4_is_in_any_range")
                .contains("| where isnotnull(parse_ipv4(RemoteIPv4))");
        assertThat(KqlLexer.tokens(query)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b.exe", "a\\b.exe", "trail\\", "x.exe\" | take 1 //", "' or '1'=='1.exe",
            "@\"verbatim.exe", "\"); DeviceEvents | where (\"", "ünïcødé ☃ \uD83D\uDE00.exe", "tab\there.exe", "\\\"\\\\\"\".exe"})
    void aHostileProcessNameStaysInsideItsLiteral(String name) {
        String plain = HuntQuery.of(Alerts.alert(AlertType.NEW_RARE, "plain.exe", 1, 4, "Process"), SEED);

        String hostile = HuntQuery.of(Alerts.alert(AlertType.NEW_RARE, name, 1, 4, "Process"), SEED);

        assertThat(shape(hostile)).isEqualTo(shape(plain));
        assertThat(strings(hostile)).contains(name);
    }

    @Test
    void hostileDeviceIdsStayInsideTheirLiterals() {
        List<DeviceSeen> devices = List.of(new DeviceSeen("d\"1) or (true", null, "2024-06-01T08:00:00Z"),
                new DeviceSeen("d2\\", "x", "2024-06-01T08:00:00Z"));
        List<DeviceSeen> plainDevices = List.of(new DeviceSeen("a", null, "2024-06-01T08:00:00Z"),
                new DeviceSeen("b", "x", "2024-06-01T08:00:00Z"));

        String hostile = HuntQuery.of(Alerts.alert(AlertType.UPDATED, "rat.exe", devices, 4, "Device"), SEED);
        String plain = HuntQuery.of(Alerts.alert(AlertType.UPDATED, "rat.exe", plainDevices, 4, "Device"), SEED);

        assertThat(shape(hostile)).isEqualTo(shape(plain));
        assertThat(strings(hostile)).contains("d\"1) or (true", "d2\\");
    }

    @Test
    void aStormShowsTheNamedProcessesInItsStormWindowOneLineEach() {
        String query = HuntQuery.of(Alerts.storm(312, "a.exe", "b.exe"), SEED);

        assertThat(query.lines().toList()).startsWith("DeviceNetworkEvents",
                "| where Timestamp >= datetime(2024-06-01T08:00:00.0000000Z) and Timestamp < datetime(2024-06-01T08:10:00.0000000Z)",
                "| where InitiatingProcessFileName in~ (\"a.exe\", \"b.exe\")",
                "| where ActionType in (\"ConnectionSuccess\") and Protocol in (\"Tcp\") and RemoteIPType in (\"Public\")");
        assertThat(query.lines().toList()).endsWith("| summarize " + HuntQuery.STORM_SUMMARY
                + " by Process = tolower(InitiatingProcessFileName)", "| order by FirstSeen asc");
        assertThat(strings(query)).startsWith("a.exe", "b.exe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b.exe", "trail\\", "x.exe\") | take 1 //", "\"); DeviceEvents | where (\"", "tab\there.exe"})
    void hostileNamesInAStormStayInsideTheirLiterals(String name) {
        String plain = HuntQuery.of(Alerts.storm(3, "plain.exe", "other.exe"), SEED);

        String hostile = HuntQuery.of(Alerts.storm(3, name, "other.exe"), SEED);

        assertThat(shape(hostile)).isEqualTo(shape(plain));
        assertThat(strings(hostile)).contains(name);
    }

    @Test
    void stringLiteralsEscapeQuotesBackslashesAndLineBreaks() {
        assertThat(Kql.string("a\"b\\c\td\ne\rf'g")).isEqualTo("\"a\\\"b\\\\c\\td\\ne\\rf'g\"");
        assertThat(KqlLexer.tokens(Kql.string("a\"b\\c\td\ne\rf'g"))).containsExactly(new Token(Kind.STRING, "a\"b\\c\td\ne\rf'g"));
    }

    @Test
    void datetimesHaveKustosSevenFractionalDigits() {
        assertThat(Kql.datetime(Instant.parse("2024-06-01T08:00:00Z"))).isEqualTo("datetime(2024-06-01T08:00:00.0000000Z)");
        assertThat(Kql.datetime(Instant.parse("2024-06-01T08:00:00.123456789Z")))
                .as("cut to 100 ns ticks").isEqualTo("datetime(2024-06-01T08:00:00.1234567Z)");
    }

    @Test
    void theLexerCatchesALiteralThatEndsEarly() {
        String broken = "DeviceNetworkEvents | where InitiatingProcessFileName =~ \"a\"b.exe\"";

        assertThatThrownBy(() -> KqlLexer.tokens(broken)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shape("X | where Y =~ \"a\" or 1 == 1")).isNotEqualTo(shape("X | where Y =~ \"a\""));
    }

    /** The query's tokens with every string literal's value blanked: its structure. */
    private static List<String> shape(String query) {
        return KqlLexer.tokens(query).stream()
                .map(t -> t.kind() == Kind.STRING ? "STRING" : t.kind() + ":" + t.value()).toList();
    }

    private static List<String> strings(String query) {
        return KqlLexer.tokens(query).stream().filter(t -> t.kind() == Kind.STRING).map(Token::value).toList();
    }
}
