package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedRowsTest {

    private static TableRow row(int devices, String process, int bytes) {
        return new TableRow(new TableRow.Key(devices, process), "x".repeat(bytes).getBytes(StandardCharsets.UTF_8));
    }

    private static TableSnapshot snapshot(BoundedRows rows) {
        return rows.snapshot(Set.of(0), Instant.EPOCH, "");
    }

    @Test
    void keepsTheBeginningOfTheTableInOrderWithinTheBudgetWhateverTheArrivalOrder() {
        BoundedRows rows = new BoundedRows(300);

        rows.add(row(3, "c.exe", 100));
        rows.add(row(1, "z.exe", 100));
        rows.add(row(2, "b.exe", 100));
        rows.add(row(1, "a.exe", 100));
        rows.add(row(4, "d.exe", 100));

        assertThat(snapshot(rows).rows()).extracting(row -> row.key().process()).containsExactly("a.exe", "z.exe", "b.exe");
        assertThat(rows.dropped()).isEqualTo(2);
    }

    @Test
    void dropsEveryRowAfterAGivenOne() {
        BoundedRows rows = new BoundedRows(1000);
        rows.add(row(1, "a.exe", 10));
        rows.add(row(2, "b.exe", 10));
        rows.add(row(3, "c.exe", 10));

        rows.dropAfter(new TableRow.Key(2, "b.exe"));

        assertThat(snapshot(rows).rows()).extracting(row -> row.key().process()).containsExactly("a.exe", "b.exe");
        assertThat(rows.dropped()).isEqualTo(1);
    }

    @Test
    void aPageHoldsAtMostItsLimitAndItsByteBoundButAlwaysOneRow() {
        BoundedRows rows = new BoundedRows(Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            rows.add(row(1, "p" + i + ".exe", 1024 * 1024));
        }
        TableSnapshot table = snapshot(rows);

        TablePage byLimit = TablePage.of(table, 0, 2);
        TablePage byBytes = TablePage.of(table, 2, 1000);
        TablePage last = TablePage.of(table, 9, 1000);
        TablePage beyond = TablePage.of(table, 50, 10);

        assertThat(byLimit.rows()).hasSize(2);
        assertThat(byLimit.nextOffset()).isEqualTo(2);
        assertThat(byBytes.rows()).as("4 MiB of 1 MiB rows").hasSize(4);
        assertThat(byBytes.nextOffset()).isEqualTo(6);
        assertThat(last.rows()).hasSize(1);
        assertThat(last.hasMore()).isFalse();
        assertThat(beyond.rows()).isEmpty();
        assertThat(beyond.total()).isEqualTo(10);
        TablePage huge = TablePage.of(snapshot(single(5 * 1024 * 1024)), 0, 10);
        assertThat(huge.rows()).as("a row over the byte bound still comes, alone").hasSize(1);
    }

    private static BoundedRows single(int bytes) {
        BoundedRows rows = new BoundedRows(Long.MAX_VALUE);
        rows.add(row(1, "big.exe", bytes));
        return rows;
    }
}
