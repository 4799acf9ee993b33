package org.rareegress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.GeoInfo;
import org.rareegress.detect.HuntRow;

/** Row 3's comparison of the backtest's table with DuckDB's: every column, the first difference named. */
class TableDiffTest {
    private static final HuntRow PUTTY = row("putty.exe", 2, List.of(22), false);
    private static final HuntRow RCLONE = row("rclone.exe", 1, List.of(22), false);

    @Test
    void equalTablesHaveNoDifference() {
        assertThat(TableDiff.firstDifference(List.of(RCLONE, PUTTY), List.of(RCLONE, PUTTY), "DuckDB")).isNull();
        assertThat(TableDiff.firstDifference(List.of(), List.of(), "DuckDB")).isNull();
    }

    @Test
    void namesTheRowAndTheFirstColumnThatDiffers() {
        HuntRow truncated = row("putty.exe", 2, List.of(22, 2222), true);

        assertThat(TableDiff.firstDifference(List.of(RCLONE, PUTTY), List.of(RCLONE, truncated), "DuckDB"))
                .isEqualTo("row 2 (putty.exe), Ports: backtest [22], DuckDB [22,2222]");
    }

    @Test
    void namesTheRowOnlyOneSideHas() {
        assertThat(TableDiff.firstDifference(List.of(RCLONE, PUTTY), List.of(RCLONE), "DuckDB"))
                .startsWith("backtest 2 rows, DuckDB 1; row 2 only in the backtest: {\"InitiatingProcessFileName\":\"putty.exe\"");
        assertThat(TableDiff.firstDifference(List.of(), List.of(RCLONE), "DuckDB"))
                .startsWith("backtest 0 rows, DuckDB 1; row 1 only in DuckDB: ");
    }

    @Test
    void leavesTheGeoIpColumnsOut() {
        HuntRow located = PUTTY.withGeo(new GeoInfo("Netherlands", "NL", 1136L, "KPN"));

        assertThat(TableDiff.firstDifference(List.of(located), List.of(PUTTY), "DuckDB")).isNull();
    }

    private static HuntRow row(String process, int devices, List<Integer> ports, boolean truncated) {
        return new HuntRow(process, devices, List.of("0123456789abcdef0123456789abcdef"), process + " -v", "203.0.113.7",
                ports, null, null, null, null, List.of(new DeviceSeen("d1", "ws-001.corp", "2024-05-31T10:00:00Z")),
                List.of("203.0.113.7"), "2024-05-30T10:00:00Z", "2024-05-31T10:00:00Z", truncated, 4);
    }
}
