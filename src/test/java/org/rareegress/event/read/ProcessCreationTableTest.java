package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rareegress.event.Timestamps;

/** The Sysmon process table stays bounded by event time and by size, and keeps what is in use. */
class ProcessCreationTableTest {
    private static final long DAY = Duration.ofDays(1).toNanos();
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long T0 = Timestamps.toNanos(java.time.Instant.parse("2024-05-01T00:00:00Z"));
    private static final ProcessCreation PAYLOAD = new ProcessCreation("payload.exe", "a81a5b5a42c7b58350cbdbc42a39341f", null);

    private final SortedMapStore store = new SortedMapStore();
    private final ProcessCreationTable table = new ProcessCreationTable(store, Duration.ofDays(7), 1000);

    @Test
    void findsAProcessCreationWithinTheTtl() {
        table.put("host", "{guid}", PAYLOAD, T0);

        assertThat(table.get("host", "{guid}", T0 + 7 * DAY)).isEqualTo(PAYLOAD);
    }

    @Test
    void forgetsAProcessCreationOlderThanTheTtl() {
        table.put("host", "{guid}", PAYLOAD, T0);

        ProcessCreation found = table.get("host", "{guid}", T0 + 7 * DAY + 1);

        assertThat(found).isNull();
        assertThat(table.count()).isZero();
        assertThat(store.size()).as("entry and index deleted, only the count left").isEqualTo(1);
    }

    @Test
    void joinsAConnectionStampedBeforeItsProcessCreationAsSysmonStaleClocksDo() {
        table.put("host", "{guid}", PAYLOAD, T0 + 4 * DAY);

        assertThat(table.get("host", "{guid}", T0)).isEqualTo(PAYLOAD);
    }

    @Test
    void sweepsExpiredEntriesThatAreNeverReadAgain() {
        for (int i = 0; i < 50; i++) {
            table.put("host", "{old-" + i + "}", PAYLOAD, T0);
        }

        table.put("host", "{new}", PAYLOAD, T0 + 8 * DAY);

        assertThat(table.count()).isEqualTo(1);
        assertThat(store.size()).as("one entry, its index, the count").isEqualTo(3);
    }

    @Test
    void sweepsABoundedBatchPerWriteAndTheRestOnLaterWrites() {
        int stale = ProcessCreationTable.SWEEP_BATCH * 2 + 5;
        for (int i = 0; i < stale; i++) {
            table.put("host", "{old-" + i + "}", PAYLOAD, T0);
        }

        table.put("host", "{new-1}", PAYLOAD, T0 + 8 * DAY);
        long afterOneWrite = table.count();
        table.put("host", "{new-2}", PAYLOAD, T0 + 8 * DAY);
        table.put("host", "{new-3}", PAYLOAD, T0 + 8 * DAY);

        assertThat(afterOneWrite).isEqualTo(stale + 1 - ProcessCreationTable.SWEEP_BATCH);
        assertThat(table.count()).isEqualTo(3);
    }

    @Test
    void neverHoldsMoreThanMaxEntriesEvictingTheLeastRecentlyStamped() {
        ProcessCreationTable small = new ProcessCreationTable(store, Duration.ofDays(7), 3);

        for (int i = 0; i < 10; i++) {
            small.put("host", "{p" + i + "}", PAYLOAD, T0 + i * HOUR);
        }

        assertThat(small.count()).isEqualTo(3);
        assertThat(store.size()).isEqualTo(3 * 2 + 1);
        assertThat(small.get("host", "{p9}", T0 + 9 * HOUR)).isEqualTo(PAYLOAD);
        assertThat(small.get("host", "{p6}", T0 + 9 * HOUR)).isNull();
    }

    @Test
    void keepsAProcessThatKeepsConnectingWhileNewerOnesAreEvicted() {
        ProcessCreationTable small = new ProcessCreationTable(store, Duration.ofDays(7), 3);
        small.put("host", "{implant}", PAYLOAD, T0);

        for (int i = 1; i <= 20; i++) {
            assertThat(small.get("host", "{implant}", T0 + i * 2 * HOUR)).as("connection %d", i).isEqualTo(PAYLOAD);
            small.put("host", "{short-lived-" + i + "}", PAYLOAD, T0 + i * 2 * HOUR + 1);
        }

        assertThat(small.count()).isEqualTo(3);
    }

    @Test
    void keepsAProcessThatKeepsConnectingPastTheTtl() {
        table.put("host", "{implant}", PAYLOAD, T0);

        for (int day = 1; day <= 20; day++) {
            assertThat(table.get("host", "{implant}", T0 + day * DAY)).as("day %d", day).isEqualTo(PAYLOAD);
        }
    }

    @Test
    void replacesAProcessCreationSeenTwiceWithoutCountingItTwice() {
        table.put("host", "{guid}", PAYLOAD, T0);
        ProcessCreation again = new ProcessCreation("payload.exe --again", null, null);

        table.put("host", "{guid}", again, T0 + HOUR);

        assertThat(table.count()).isEqualTo(1);
        assertThat(store.size()).isEqualTo(3);
        assertThat(table.get("host", "{guid}", T0 + HOUR)).isEqualTo(again);
    }

    @Test
    void keepsDevicesApartEvenWhenNameAndIdRunTogether() {
        table.put("host1", "{guid}", PAYLOAD, T0);

        assertThat(table.get("host", "1{guid}", T0)).isNull();
    }

    @Test
    void keepsACommandLineCutLikeEvidenceWithAVisibleMarker() {
        String whole = "payload.exe " + "x".repeat(32_767 - 12);

        table.put("host", "{guid}", new ProcessCreation(whole, null, null), T0);

        String kept = table.get("host", "{guid}", T0).commandLine();
        assertThat(kept).hasSize(1_024 + "... [31743 more characters]".length())
                .startsWith("payload.exe xxx").endsWith("x... [31743 more characters]");
        assertThat(kept).isEqualTo(org.rareegress.event.CommandLines.cut(whole));
    }

    @Test
    void anEntryIsAFewKilobytesAtMostWhateverTheInput() {
        String threeByteChars = "\u20ac";
        ProcessCreation worst = new ProcessCreation(threeByteChars.repeat(32_767), "a".repeat(32), "b".repeat(64));

        table.put(threeByteChars.repeat(256), threeByteChars.repeat(64), worst, T0);

        // The cut command line (3,099 bytes at most), hashes, time, and the device and process id twice (key, index).
        assertThat(table.count()).isEqualTo(1);
        assertThat(store.bytes()).isLessThanOrEqualTo(5_200);
    }

    @Test
    void doesNotRememberIdentifiersLongerThanRealOnes() {
        table.put("h".repeat(257), "{guid}", PAYLOAD, T0);
        table.put("host", "{" + "g".repeat(63) + "}", PAYLOAD, T0);

        assertThat(table.count()).isZero();
        assertThat(store.size()).isZero();
    }

    @Test
    void treatsBytesItDidNotWriteAsAnUnknownProcess() {
        byte[] corrupt = {0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 0, 0, 0};

        assertThat(ProcessCreationTable.decode(corrupt)).isNull();
    }

    @Test
    void roundTripsAbsentAndPresentFields() {
        ProcessCreation creation = new ProcessCreation(null, "", "éß");

        assertThat(ProcessCreationTable.decode(ProcessCreationTable.encode(T0, creation))).isEqualTo(creation);
    }
}
