package org.rareegress.allow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule format: what is refused, with what message, and the canonical form the topic holds. */
class AllowRulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json                                                                  | not JSON
            []                                                                        | one JSON object
            {"InitiatingProcessFileName":"a.exe"}                                      | RuleId: missing
            {"RuleId":"","InitiatingProcessFileName":"a.exe"}                          | RuleId: missing
            {"RuleId":"has space","InitiatingProcessFileName":"a.exe"}                 | RuleId: 'has space' must be
            {"RuleId":"r","Process":"a.exe"}                                           | unknown field 'Process'
            {"RuleId":"r","InitiatingProcessFileName":7}                               | InitiatingProcessFileName: must be a string
            {"RuleId":"r","InitiatingProcessFileName":" "}                             | InitiatingProcessFileName: must not be empty
            {"RuleId":"r","RemoteNetwork":"10.0.0.0/33"}                               | RemoteNetwork: '10.0.0.0/33' is not an IPv4 CIDR block
            {"RuleId":"r","RemoteNetwork":"2001:db8::/32"}                             | RemoteNetwork: '2001:db8::/32' is not an IPv4 CIDR block
            {"RuleId":"r","RemoteNetwork":"10.0.0.0/8,11.0.0.0/8"}                     | is not one IPv4 CIDR block
            {"RuleId":"r","FolderPath":"C:\\\\Tools\\\\[ab]*"}                         | FolderPath: 'C:\\Tools\\[ab]*' is not a supported glob: '[' at position 10
            {"RuleId":"r","FolderPath":""}                                             | FolderPath: must not be empty
            {"RuleId":"r","RemotePort":70000}                                          | RemotePort: must be a whole number from 0 to 65535
            {"RuleId":"r","RemotePort":"4444"}                                         | RemotePort: must be a whole number
            {"RuleId":"r","RemotePort":44.5}                                           | RemotePort: must be a whole number
            {"RuleId":"r","SHA256":"abc"}                                              | SHA256: 'abc' is not 64 hexadecimal digits
            {"RuleId":"r","MD5":"zz"}                                                  | MD5: 'zz' is not 32 hexadecimal digits
            {"RuleId":"r","InitiatingProcessFileName":"a.exe","Dimension":"port"}      | Dimension: 'port' is not one of
            {"RuleId":"r","InitiatingProcessFileName":"a.exe","Expires":"tomorrow"}    | Expires: 'tomorrow' is not an ISO-8601 instant
            {"RuleId":"r","InitiatingProcessFileName":"a.exe","Expires":"2026-07-01"}  | Expires: '2026-07-01' is not an ISO-8601 instant
            {"RuleId":"r","Reason":"no matcher"}                                       | names nothing to match
            {"RuleId":"r","Dimension":"process-port"}                                  | would silence every alert of its dimension
            {"RuleId":"r","InitiatingProcessFileName":"a.exe","RuleId":"s"}            | Duplicate field 'RuleId'
            """)
    void refusesABadRuleSayingWhatIsWrong(String json, String message) {
        assertThatThrownBy(() -> AllowRules.parse(json)).isInstanceOf(BadRuleException.class).hasMessageContaining(message);
    }

    @Test
    void writesTheRuleBackInTheContractsFieldOrderWithoutAbsentFields() throws Exception {
        AllowRule rule = AllowRules.parse("{\"Expires\":\"2026-07-01T00:00:00Z\",\"RemotePort\":4444,\"Reason\":\"pentest\","
                + "\"RemoteNetwork\":\"10.1.2.3/8\",\"MD5\":\"0123456789ABCDEF0123456789ABCDEF\",\"RuleId\":\"r-1\","
                + "\"Owner\":null}");

        assertThat(rule.toJson()).isEqualTo("{\"RuleId\":\"r-1\",\"MD5\":\"0123456789abcdef0123456789abcdef\","
                + "\"RemoteNetwork\":\"10.0.0.0/8\",\"RemotePort\":4444,\"Reason\":\"pentest\","
                + "\"Expires\":\"2026-07-01T00:00:00Z\"}");
        assertThat(AllowRules.parse(rule.toJson()).toJson()).isEqualTo(rule.toJson());
    }

    @Test
    void acceptsEveryFieldOfTheContract() throws Exception {
        AllowRule rule = AllowRules.parse("{\"RuleId\":\"all\",\"InitiatingProcessFileName\":\"Tool.exe\",\"SHA256\":\""
                + "a".repeat(64) + "\",\"MD5\":\"" + "b".repeat(32) + "\",\"FolderPath\":\"C:\\\\Tools\\\\*\","
                + "\"RemoteNetwork\":\"203.0.113.0/24\",\"RemotePort\":4444,\"Dimension\":\"process-port\","
                + "\"DeviceId\":\"d1\",\"DeviceName\":\"host1\",\"Reason\":\"r\",\"Owner\":\"soc@example.com\","
                + "\"Expires\":\"2026-07-01T02:00:00+02:00\"}");

        assertThat(AllowRules.fields(rule).keySet()).containsExactlyElementsOf(AllowRules.FIELDS);
        assertThat(rule.expiresNanos()).isEqualTo(java.time.Instant.parse("2026-07-01T00:00:00Z").getEpochSecond()
                * 1_000_000_000L);
    }

    @Test
    void aFileNamesTheLineOfABadRule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("rules.jsonl");
        java.nio.file.Files.write(file, List.of("{\"RuleId\":\"a\",\"InitiatingProcessFileName\":\"a.exe\"}", "",
                "{\"RuleId\":\"b\",\"RemoteNetwork\":\"300.0.0.0/8\"}"));

        assertThatThrownBy(() -> RuleFile.read(file)).isInstanceOf(BadRuleException.class)
                .hasMessageContaining("line 3: RemoteNetwork: '300.0.0.0/8'");
    }

    @Test
    void aFileReadsOneRuleALineSkippingBlankLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("rules.jsonl");
        java.nio.file.Files.write(file, List.of("{\"RuleId\":\"b\",\"InitiatingProcessFileName\":\"b.exe\"}", "",
                "{\"RuleId\":\"a\",\"RemotePort\":22}"));

        assertThat(RuleFile.read(file).rules()).extracting(AllowRule::ruleId).containsExactly("a", "b");
    }
}
