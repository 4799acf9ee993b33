package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.HuntRow;

/**
 * Paging {@code /rare-processes} when a program has rows in several dimensions (docs/dimensions.md): every row
 * has its own key, so none replaces another in a snapshot, and pages concatenate to the table, in table order,
 * with no row skipped or repeated; {@code ?dimension=} pages through one dimension's rows.
 */
class TablePagingTest {

    @Test
    void rowsOfOneProgramInSeveralDimensionsAreAllKeptAndPagesConcatenateToTheTableInOrder() {
        List<HuntRow> rows = new ArrayList<>();
        for (String process : List.of("a.exe", "b.exe", "c.exe")) {
            for (int devices = 1; devices <= 2; devices++) {
                String name = devices == 1 ? process : "x" + process;
                rows.add(row(name, devices));
                for (int port : List.of(4444, 22, 8080)) {
                    rows.add(row(name, devices).refinedBy(Dimension.PROCESS_PORT, String.valueOf(port)));
                }
                rows.add(row(name, devices).refinedBy(Dimension.PROCESS_HASH, "a".repeat(64)));
                rows.add(row(name, devices).refinedBy(Dimension.PROCESS_HASH, "b".repeat(32)));
                rows.add(row(name, devices).notInformative(Dimension.PROCESS_ASN, 17));
            }
        }
        List<HuntRow> expected = new ArrayList<>(rows);
        expected.sort(HuntRow.TABLE_ORDER);
        Collections.shuffle(rows, new Random(7));
        BoundedRows bounded = new BoundedRows(Long.MAX_VALUE);
        rows.forEach(row -> bounded.add(TableRow.of(row)));
        TableSnapshot snapshot = bounded.snapshot(Set.of(0), Instant.EPOCH, "");

        List<TableRow> paged = new ArrayList<>();
        TablePage page = TablePage.of(snapshot, TablePage.ALL_DIMENSIONS, 0, 4);
        paged.addAll(page.rows());
        while (page.hasMore()) {
            page = TablePage.of(snapshot, TablePage.ALL_DIMENSIONS, page.nextOffset(), 4);
            paged.addAll(page.rows());
        }

        assertThat(page.total()).isEqualTo(expected.size());
        assertThat(paged).extracting(row -> new String(row.json(), java.nio.charset.StandardCharsets.UTF_8))
                .containsExactlyElementsOf(expected.stream().map(TablePagingTest::json).toList());
    }

    @Test
    void theDefaultDimensionIsTheSeedsSoAnExistingClientGetsExactlyTheProcessRows() {
        BoundedRows bounded = new BoundedRows(Long.MAX_VALUE);
        bounded.add(TableRow.of(row("a.exe", 1)));
        bounded.add(TableRow.of(row("a.exe", 1).refinedBy(Dimension.PROCESS_PORT, "4444")));
        bounded.add(TableRow.of(row("b.exe", 2)));
        bounded.add(TableRow.of(row("b.exe", 2).notInformative(Dimension.PROCESS_PORT, 17)));
        bounded.add(TableRow.of(row("c.exe", 1).refinedBy(Dimension.PROCESS_HASH, "c".repeat(64))));
        TableSnapshot snapshot = bounded.snapshot(Set.of(0), Instant.EPOCH, "");

        TablePage process = TablePage.of(snapshot, Dimension.PROCESS.key(), 0, 1);
        TablePage secondProcess = TablePage.of(snapshot, Dimension.PROCESS.key(), process.nextOffset(), 1);
        TablePage ports = TablePage.of(snapshot, Dimension.PROCESS_PORT.key(), 0, 100);
        TablePage all = TablePage.of(snapshot, TablePage.ALL_DIMENSIONS, 0, 100);

        assertThat(process.total()).isEqualTo(2);
        assertThat(process.rows()).extracting(row -> row.key().process()).containsExactly("a.exe");
        assertThat(secondProcess.rows()).extracting(row -> row.key().process()).containsExactly("b.exe");
        assertThat(secondProcess.hasMore()).isFalse();
        assertThat(process.rows().get(0).json()).isEqualTo(json(row("a.exe", 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ports.rows()).extracting(row -> row.key().process() + " " + row.key().refinedValue())
                .containsExactly("a.exe 4444", "b.exe null");
        assertThat(all.total()).isEqualTo(5);
    }

    private static HuntRow row(String process, int devices) {
        return new HuntRow(process, devices, List.of(), null, "81.2.69.160", List.of(4444), null, null, null, null,
                List.of(), List.of("81.2.69.160"), "2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z", false, 4);
    }

    private static String json(HuntRow row) {
        return new String(org.rareegress.codec.OutputJson.toBytes(row), java.nio.charset.StandardCharsets.UTF_8);
    }
}
