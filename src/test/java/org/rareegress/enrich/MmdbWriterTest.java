package org.rareegress.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rareegress.enrich.MmdbData.Uint16;
import org.rareegress.enrich.MmdbData.Uint32;
import org.rareegress.enrich.MmdbData.Uint64;

/** The test-only writer is checked against MaxMind's own low-level reader, for every layout it can write. */
class MmdbWriterTest {
    private static final String LONG_TEXT = "x".repeat(300); // past both one- and two-byte size extensions

    @TempDir
    Path dir;

    @ParameterizedTest(name = "record size {0}, IPv{1}")
    @CsvSource({"24, 4", "24, 6", "28, 4", "28, 6", "32, 4", "32, 6"})
    void writesNetworksTheMaxMindReaderFindsWithEveryValueType(int recordSize, int ipVersion) throws IOException {
        Map<String, Object> record = Map.of("text", LONG_TEXT, "small", new Uint16(0), "medium", new Uint32(4_000_000_000L),
                "large", new Uint64(Long.MAX_VALUE), "ratio", 0.25, "flag", true, "list", List.of("a", "b"));
        Path file = new MmdbWriter("Test-Type").recordSize(recordSize).ipVersion(ipVersion).buildEpoch(1_600_000_000L)
                .insert("10.0.0.0/8", record)
                .insert("192.0.2.0/24", Map.of("name", "documentation"))
                .insert("255.255.255.255/32", Map.of("name", "broadcast"))
                .writeTo(dir.resolve("test.mmdb"));

        try (Reader reader = new Reader(file.toFile())) {
            Map<?, ?> inside = get(reader, "10.200.3.4");
            Map<?, ?> documentation = get(reader, "192.0.2.77");
            Map<?, ?> broadcast = get(reader, "255.255.255.255");
            Map<?, ?> outside = get(reader, "11.0.0.1");

            assertThat(inside.get("text")).isEqualTo(LONG_TEXT);
            assertThat(((Number) inside.get("small")).longValue()).isZero();
            assertThat(((Number) inside.get("medium")).longValue()).isEqualTo(4_000_000_000L);
            assertThat(((Number) inside.get("large")).longValue()).isEqualTo(Long.MAX_VALUE);
            assertThat(inside.get("ratio")).isEqualTo(0.25);
            assertThat(inside.get("flag")).isEqualTo(true);
            assertThat(inside.get("list")).isEqualTo(List.of("a", "b"));
            assertThat(documentation.get("name")).isEqualTo("documentation");
            assertThat(broadcast.get("name")).isEqualTo("broadcast");
            assertThat(outside).isNull();
            assertThat(reader.getMetadata().databaseType()).isEqualTo("Test-Type");
            assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize);
            assertThat(reader.getMetadata().ipVersion()).isEqualTo(ipVersion);
            assertThat(reader.getMetadata().buildTime()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
        }
    }

    @ParameterizedTest(name = "record size {0}")
    @CsvSource({"28", "32"})
    void writesRecordValuesBeyondTwentyFourBitsOnBothSidesOfANode(int recordSize) throws IOException {
        // A record over 16 MiB pushes the next one's data pointer past 2^24, into the 28-bit records' shared
        // nibble byte; the one before it stays below, so the two sides of one node differ there.
        String huge = "h".repeat(1 << 24);
        Path file = new MmdbWriter("Test-Type").recordSize(recordSize).ipVersion(4)
                .insert("10.0.0.0/8", Map.of("name", "left"))
                .insert("192.0.2.0/24", Map.of("name", huge))
                .insert("11.0.0.0/8", Map.of("name", "right"))
                .writeTo(dir.resolve("big.mmdb"));

        try (Reader reader = new Reader(file.toFile())) {
            Map<?, ?> left = get(reader, "10.1.2.3");
            Map<?, ?> right = get(reader, "11.1.2.3");

            assertThat(left.get("name")).isEqualTo("left");
            assertThat(right.get("name")).isEqualTo("right");
        }
    }

    private static Map<?, ?> get(Reader reader, String address) throws IOException {
        return reader.get(InetAddress.getByName(address), Map.class);
    }
}
