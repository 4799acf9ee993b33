package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    private static final FleetSpec SPEC = new FleetSpec(8, 2, 30, 4, Instant.parse("2024-06-01T00:00:00Z"), Duration.ZERO);

    @Test
    void huntRowsKeepTheHuntColumnsWithTheSameValuesAndAreAbout700Bytes() throws IOException {
        List<byte[]> full = rows(Columns.FULL);
        List<byte[]> hunt = rows(Columns.HUNT);

        assertThat(hunt).hasSameSizeAs(full);
        long bytes = 0;
        for (int i = 0; i < full.size(); i++) {
            JsonNode whole = Rows.MAPPER.readTree(full.get(i));
            JsonNode kept = Rows.MAPPER.readTree(hunt.get(i));
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = kept.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                names.add(name);
                assertThat(kept.get(name)).as(name).isEqualTo(whole.get(name));
            }
            assertThat(names).containsExactly("Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort",
                    "RemoteUrl", "LocalIP", "Protocol", "RemoteIPType", "InitiatingProcessSHA256", "InitiatingProcessMD5",
                    "InitiatingProcessFileName", "InitiatingProcessCommandLine", "InitiatingProcessFolderPath", "ReportId");
            bytes += hunt.get(i).length;
        }
        assertThat(bytes / hunt.size()).isBetween(600L, 800L);
    }

    @Test
    void fullLeavesRowsAsTheyAre() throws IOException {
        assertThat(rows(Columns.FULL)).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(Rows.of(new FleetSimulator(SPEC)));
    }

    private static List<byte[]> rows(Columns columns) throws IOException {
        List<byte[]> rows = new ArrayList<>();
        new FleetSimulator(SPEC).generate(columns.project((row, length, ticks, deviceId) ->
                rows.add(java.util.Arrays.copyOf(row, length))));
        return rows;
    }
}
