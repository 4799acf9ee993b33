package org.rareegress.allow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.HuntRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a rule silences an output: every field it names must match every value the output shows. The event is
 * tool.exe (process dimension) on d1/HOST-1 to 203.0.113.9:4444, with one hash and folder, at 2026-01-01.
 */
class AllowRuleMatchTest {
    private static final String SHA = "a".repeat(64);
    private static final String MD5 = "b".repeat(32);
    private static final long JAN_1 = 1_767_225_600_000_000_000L;
    private static final AllowEvidence EVENT = new AllowEvidence("tool.exe", "process", List.of("d1"), List.of("HOST-1"),
            List.of("203.0.113.9"), List.of(4444), List.of(SHA), List.of(MD5), List.of("C:\\Tools\\Bin\\tool.exe"), JAN_1);

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "InitiatingProcessFileName":"tool.exe"                           | true
            "InitiatingProcessFileName":"TOOL.EXE"                           | true
            "InitiatingProcessFileName":"other.exe"                          | false
            "InitiatingProcessFileName":"tool"                               | false
            "SHA256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" | true
            "SHA256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" | false
            "MD5":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"                             | true
            "MD5":"cccccccccccccccccccccccccccccccc"                             | false
            "FolderPath":"c:\\\\tools\\\\*"                                   | true
            "FolderPath":"C:\\\\Tools\\\\*\\\\tool.exe"                       | true
            "FolderPath":"C:\\\\Tools\\\\?in\\\\tool.exe"                     | true
            "FolderPath":"C:\\\\Tools"                                        | false
            "FolderPath":"C:\\\\Program Files\\\\*"                           | false
            "RemoteNetwork":"203.0.113.0/24"                                 | true
            "RemoteNetwork":"203.0.113.9"                                    | true
            "RemoteNetwork":"203.0.114.0/24"                                 | false
            "RemoteNetwork":"0.0.0.0/0"                                      | true
            "RemotePort":4444                                                | true
            "RemotePort":4445                                                | false
            "Dimension":"process","InitiatingProcessFileName":"tool.exe"     | true
            "Dimension":"process-port","InitiatingProcessFileName":"tool.exe" | false
            "DeviceId":"D1"                                                  | true
            "DeviceId":"d2"                                                  | false
            "DeviceName":"host-1"                                            | true
            "DeviceName":"host-2"                                            | false
            "InitiatingProcessFileName":"tool.exe","RemotePort":4444,"RemoteNetwork":"203.0.113.0/24" | true
            "InitiatingProcessFileName":"tool.exe","RemotePort":4444,"DeviceId":"d2"                  | false
            "InitiatingProcessFileName":"tool.exe","Expires":"2026-01-01T00:00:00.000000001Z"        | true
            "InitiatingProcessFileName":"tool.exe","Expires":"2026-01-01T00:00:00Z"                  | false
            "InitiatingProcessFileName":"tool.exe","Expires":"2025-12-31T00:00:00Z"                  | false
            """)
    void aRuleMatchesWhenEveryFieldItNamesMatches(String fields, boolean matches) throws Exception {
        AllowRule rule = AllowRules.parse("{\"RuleId\":\"r\"," + fields + "}");

        assertThat(rule.matches(EVENT)).isEqualTo(matches);
    }

    @Test
    void aFieldTheOutputDoesNotShowMatchesNothing() throws Exception {
        AllowEvidence noHash = new AllowEvidence("tool.exe", "process", List.of("d1"), List.of("HOST-1"),
                List.of("203.0.113.9"), List.of(4444), List.of(), List.of(), List.of(), JAN_1);

        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"MD5\":\"" + MD5 + "\"}").matches(noHash)).isFalse();
        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"FolderPath\":\"*\"}").matches(noHash)).isFalse();
    }

    @Test
    void aRowIsSilencedOnlyWhenEveryValueItShowsMatches() throws Exception {
        AllowEvidence row = new AllowEvidence("tool.exe", "process", List.of("d1", "d2"), List.of("h1", "h2"),
                List.of("203.0.113.9", "198.51.100.1"), List.of(4444, 22), List.of(), List.of(MD5), List.of(), JAN_1);

        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"DeviceId\":\"d1\"}").matches(row)).isFalse();
        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"RemoteNetwork\":\"203.0.113.0/24\"}").matches(row)).isFalse();
        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"RemoteNetwork\":\"192.0.0.0/3\"}").matches(row)).isTrue();
        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"InitiatingProcessFileName\":\"tool.exe\"}").matches(row)).isTrue();
    }

    @Test
    void theSmallestMatchingRuleIdIsNamedWhateverTheOrderRulesCameIn() throws Exception {
        AllowRule byPort = AllowRules.parse("{\"RuleId\":\"b-port\",\"RemotePort\":4444}");
        AllowRule byName = AllowRules.parse("{\"RuleId\":\"a-name\",\"InitiatingProcessFileName\":\"tool.exe\"}");
        AllowRule other = AllowRules.parse("{\"RuleId\":\"0-other\",\"InitiatingProcessFileName\":\"x.exe\"}");

        assertThat(Allowlist.of(List.of(byPort, other, byName)).firstMatch(EVENT)).contains(byName);
        assertThat(Allowlist.of(List.of(byName, byPort, other)).firstMatch(EVENT)).contains(byName);
        assertThat(Allowlist.of(List.of(other)).firstMatch(EVENT)).isEmpty();
    }

    @Test
    void aDimensionRuleSilencesTheAlertsAndRowsOfItsDimensionOnly() throws Exception {
        AllowRule portRule = AllowRules.parse(
                "{\"RuleId\":\"r\",\"InitiatingProcessFileName\":\"tool.exe\",\"Dimension\":\"process-port\"}");
        AllowRule processRule = AllowRules.parse(
                "{\"RuleId\":\"r\",\"InitiatingProcessFileName\":\"tool.exe\",\"Dimension\":\"process\"}");
        AllowRule anyDimension = AllowRules.parse("{\"RuleId\":\"r\",\"InitiatingProcessFileName\":\"tool.exe\"}");
        HuntRow processRow = new HuntRow("tool.exe", 1, List.of(MD5), "tool.exe -c", "203.0.113.9", List.of(4444), null,
                null, null, null, List.of(new DeviceSeen("d1", "HOST-1", "2026-01-01T00:00:00Z")), List.of("203.0.113.9"),
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", false, 5);
        HuntRow portRow = processRow.refinedBy(Dimension.PROCESS_PORT, "4444");
        Alert processAlert = alertOf(processRow);
        Alert portAlert = alertOf(portRow);

        assertThat(AllowEvidence.of(portAlert, JAN_1).dimension()).isEqualTo("process-port");
        assertThat(portRule.matches(AllowEvidence.of(portAlert, JAN_1))).isTrue();
        assertThat(portRule.matches(AllowEvidence.of(processAlert, JAN_1))).isFalse();
        assertThat(processRule.matches(AllowEvidence.of(portAlert, JAN_1))).isFalse();
        assertThat(processRule.matches(AllowEvidence.of(processAlert, JAN_1))).isTrue();
        assertThat(anyDimension.matches(AllowEvidence.of(portAlert, JAN_1))).isTrue();
        assertThat(portRule.matches(AllowEvidence.of(portRow, JAN_1))).isTrue();
        assertThat(portRule.matches(AllowEvidence.of(processRow, JAN_1))).isFalse();
    }

    @Test
    void aSha256RuleMarksTheHashRowOfThatBinaryOnly() throws Exception {
        AllowRule bySha = AllowRules.parse("{\"RuleId\":\"r\",\"SHA256\":\"" + SHA.toUpperCase() + "\"}");
        HuntRow processRow = aRow();
        HuntRow thisBinary = processRow.refinedBy(Dimension.PROCESS_HASH, SHA);
        HuntRow otherBinary = processRow.refinedBy(Dimension.PROCESS_HASH, "c".repeat(64));

        assertThat(bySha.matches(AllowEvidence.of(thisBinary, JAN_1))).isTrue();
        assertThat(bySha.matches(AllowEvidence.of(otherBinary, JAN_1))).isFalse();
        assertThat(bySha.matches(AllowEvidence.of(processRow, JAN_1))).as("a process row shows no SHA256").isFalse();
        assertThat(bySha.matches(AllowEvidence.of(processRow.refinedBy(Dimension.PROCESS_PORT, "4444"), JAN_1)))
                .as("a port row shows no SHA256").isFalse();
    }

    @Test
    void anMd5KeyedHashRowIsMatchedByItsKeyNotByTheOtherMd5sOfTheProcess() throws Exception {
        String otherMd5 = "d".repeat(32);
        HuntRow md5Row = aRow().refinedBy(Dimension.PROCESS_HASH, otherMd5);

        assertThat(AllowEvidence.of(md5Row, JAN_1).md5s()).containsExactly(otherMd5);
        assertThat(AllowEvidence.of(md5Row, JAN_1).sha256s()).isEmpty();
        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"MD5\":\"" + otherMd5 + "\"}")
                .matches(AllowEvidence.of(md5Row, JAN_1))).isTrue();
        assertThat(AllowRules.parse("{\"RuleId\":\"r\",\"MD5\":\"" + MD5 + "\"}")
                .matches(AllowEvidence.of(md5Row, JAN_1))).isFalse();
    }

    private static HuntRow aRow() {
        return new HuntRow("tool.exe", 1, List.of(MD5), "tool.exe -c", "203.0.113.9", List.of(4444), null,
                null, null, null, List.of(new DeviceSeen("d1", "HOST-1", "2026-01-01T00:00:00Z")), List.of("203.0.113.9"),
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", false, 5);
    }

    private static Alert alertOf(HuntRow facts) {
        Alert.Trigger trigger = new Alert.Trigger(List.of("RemotePort"), "2026-01-01T00:00:00Z", "d1", "HOST-1",
                "203.0.113.9", 4444, "tool.exe", MD5, SHA, "tool.exe -c", "C:\\Tools\\Bin\\tool.exe");
        return new Alert("39197000-709e-5afc-9143-cf364f96cfe6", AlertType.NEW_RARE, facts, "2026-01-01T00:00:00Z", null,
                "2025-12-02T00:00:00Z", "2026-01-01T00:00:00Z", trigger, null);
    }
}
