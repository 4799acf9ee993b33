package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Portal CSV cells and headers as the JSON a Log Analytics export would have had. */
class SentinelCsvTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "5/1/2024, 10:00:00.123 AM | 2024-05-01T10:00:00.123Z",
            "12/31/2024, 11:59:59.9999999 PM | 2024-12-31T23:59:59.9999999Z",
            "1/2/2024, 12:00:00 AM | 2024-01-02T00:00:00Z",
            "1/2/2024, 12:30:00 PM | 2024-01-02T12:30:00Z",
            "1/2/2024 1:05:09 pm | 2024-01-02T13:05:09Z",
            "2024-05-01T10:00:00Z | 2024-05-01T10:00:00Z",
            "13/1/2024, 10:00:00 AM | 13/1/2024, 10:00:00 AM",
            "5/1/2024, 13:00:00 PM | 5/1/2024, 13:00:00 PM",
            "yesterday | yesterday"})
    void turnsPortalTimesIntoIsoAndLeavesTheRestForTheReader(String cell, String expected) {
        assertThat(SentinelCsv.isoTime(cell)).isEqualTo(expected);
    }

    @Test
    void dropsTheByteOrderMarkAndTheUtcSuffixFromColumnNames() {
        assertThat(List.of("\uFEFFTimeGenerated [UTC]", " Timestamp [utc] ", "RemotePort"))
                .extracting(SentinelCsv::columnName).containsExactly("TimeGenerated", "Timestamp", "RemotePort");
    }

    @Test
    void recognisesAHeaderByItsTimeColumns() {
        assertThat(SentinelCsv.isHeader(List.of("TenantId", "TimeGenerated [UTC]"))).isTrue();
        assertThat(SentinelCsv.isHeader(List.of("a", "b"))).isFalse();
    }

    @Test
    void writesEveryNonEmptyCellAsAStringAndLeavesEmptyCellsOut() {
        byte[] json = SentinelCsv.toJson(List.of("Timestamp", "RemotePort", "RemoteUrl", "InitiatingProcessCommandLine"),
                List.of("5/1/2024, 10:00:00 AM", "4444", "", "a \"b\"\nc"));

        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"Timestamp\":\"2024-05-01T10:00:00Z\",\"RemotePort\":\"4444\",\"InitiatingProcessCommandLine\":\"a \\\"b\\\"\\nc\"}");
    }
}
