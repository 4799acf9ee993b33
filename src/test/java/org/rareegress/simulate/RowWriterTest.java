package org.rareegress.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RowWriterTest {
    private static final DateTimeFormatter SEVEN_DIGITS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void timestampsMatchJavaTimeAcrossLeapDaysAndCenturies() {
        Rng rng = new Rng(1);
        for (String anchor : new String[] {"1999-12-31T23:59:59.9999999Z", "2000-02-29T12:00:00Z", "2024-02-29T23:59:59Z",
            "2100-03-01T00:00:00Z", "1970-01-01T00:00:00Z"}) {
            Instant base = Instant.parse(anchor);
            for (int i = 0; i < 2_000; i++) {
                Instant instant = base.plusSeconds(rng.nextInt(200_000)).plusNanos(rng.nextInt(10_000_000) * 100L);
                long ticks = instant.getEpochSecond() * RowWriter.TICKS_PER_SECOND + instant.getNano() / 100;

                String written = RowWriter.formatTicks(ticks);

                assertThat(written).isEqualTo(SEVEN_DIGITS.format(instant));
            }
        }
    }

    @Test
    void numbersAreWrittenInDecimal() {
        RowWriter writer = new RowWriter();

        writer.number(0).bytes(new byte[] {','}).number(65_535).bytes(new byte[] {','}).number(-42)
                .bytes(new byte[] {','}).number(Long.MAX_VALUE);

        assertThat(new String(writer.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("0,65535,-42," + Long.MAX_VALUE);
    }

    @Test
    void theBufferGrowsForLongRows() {
        RowWriter writer = new RowWriter();
        byte[] piece = new byte[1000];

        for (int i = 0; i < 10; i++) {
            writer.bytes(piece);
        }

        assertThat(writer.length()).isEqualTo(10_000);
    }
}
