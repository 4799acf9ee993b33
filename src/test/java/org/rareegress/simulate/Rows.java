package org.rareegress.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: a simulator's output held in memory, as bytes and as parsed rows. */
final class Rows {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Rows() {
    }

    static List<byte[]> of(FleetSimulator simulator) {
        List<byte[]> rows = new ArrayList<>();
        try {
            simulator.generate((row, length, ticks, deviceId) -> rows.add(Arrays.copyOf(row, length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static List<JsonNode> parsed(List<byte[]> rows) {
        List<JsonNode> parsed = new ArrayList<>(rows.size());
        for (byte[] row : rows) {
            try {
                parsed.add(MAPPER.readTree(row));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(row, StandardCharsets.UTF_8), e);
            }
        }
        return parsed;
    }

    static Instant time(JsonNode row) {
        return Instant.parse(row.get("Timestamp").asText());
    }

    static String process(JsonNode row) {
        return row.get("InitiatingProcessFileName").asText().toLowerCase(java.util.Locale.ROOT);
    }
}
