package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.event.Timestamps;

class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MAY_FIRST = Timestamps.toNanos(Instant.parse("2024-05-01T12:34:56Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(0);
    private final AtomicReference<ProgressLine.Reading> reading = new AtomicReference<>();

    @TempDir
    Path dir;

    @Test
    void aLineSaysEventsBytesRatesEventTimeShareAndEta() {
        ProgressLine progress = new ProgressLine("backtest", reading::get, out, false, now::get, false);
        now.set(10 * SECOND);
        reading.set(new ProgressLine.Reading(50_000, 25L * 1024 * 1024, 25L * 1024 * 1024, 100L * 1024 * 1024, "bytes",
                MAY_FIRST));

        progress.tick();

        assertThat(text()).isEqualTo("backtest: 50,000 events, 25.0 MiB, 5,000 events/s, 2.5 MiB/s, event time"
                + " 2024-05-01T12:34Z, 25.0% of 100.0 MiB, ETA 30 s, 10 s elapsed\n");
    }

    @Test
    void withoutATotalThereIsNoEtaAndWithoutBytesNoByteCount() {
        ProgressLine progress = new ProgressLine("replay", reading::get, out, false, now::get, false);
        now.set(2 * SECOND);
        reading.set(new ProgressLine.Reading(10, -1, 10, -1, "records", Long.MIN_VALUE));

        progress.tick();

        assertThat(text()).isEqualTo("replay: 10 events, 5 events/s, 2 s elapsed\n");
    }

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndEndsWhenClosed() {
        ProgressLine progress = new ProgressLine("replay", reading::get, out, true, now::get, false);
        now.set(SECOND);
        reading.set(new ProgressLine.Reading(1_000, -1, 100, 1_000, "records", MAY_FIRST));
        progress.tick();
        now.set(2 * SECOND);
        reading.set(new ProgressLine.Reading(2_000, -1, 1_000, 1_000, "records", MAY_FIRST));

        progress.close();

        String text = text();
        assertThat(text).startsWith("\rreplay: 1,000 events").contains("10.0% of 1,000 records, ETA 9 s")
                .contains("\rreplay: 2,000 events").contains("100.0% of 1,000 records, 2 s elapsed").endsWith("\n");
        assertThat(text.chars().filter(c -> c == '\n').count()).as("one line on the terminal").isEqualTo(1);
    }

    @Test
    void quietMeansNoReporterAtAll() {
        assertThat(ProgressLine.start("backtest", reading::get, true)).isNull();
    }

    @Test
    void sizesAndDurationsReadEasily() {
        assertThat(ProgressLine.bytes(512)).isEqualTo("512 B");
        assertThat(ProgressLine.bytes(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
        assertThat(ProgressLine.duration(59)).isEqualTo("59 s");
        assertThat(ProgressLine.duration(61)).isEqualTo("1 min 01 s");
        assertThat(ProgressLine.duration(7_380)).isEqualTo("2 h 03 min");
    }

    @Test
    void anEtaNeedsPlainJsonLinesFilesWhoseSizeIsTheirLines() throws Exception {
        Path plain = Files.writeString(dir.resolve("a.jsonl"), "{\"x\":1}\n");
        Path gzip = Files.write(dir.resolve("b.jsonl.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        Path csv = Files.writeString(dir.resolve("c.csv"), "TimeGenerated [UTC],DeviceId\n2024-05-01,d\n");

        assertThat(BacktestCommand.plainSize(List.of(plain))).isEqualTo(8);
        assertThat(BacktestCommand.plainSize(List.of(plain, gzip))).isEqualTo(-1);
        assertThat(BacktestCommand.plainSize(List.of(csv))).isEqualTo(-1);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
