package org.rareegress.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.rareegress.backtest.Backtest;
import org.rareegress.config.Settings;
import org.rareegress.enrich.Enricher;
import org.rareegress.output.OutputSchemas;
import org.rareegress.reference.RandomFleet;
import org.rareegress.reference.RawEvent;

/** Random fleets as Kafka records, and what a backtest of the same events gives: the expected outputs. */
final class Fleets {
    private Fleets() {
    }

    static List<String> lines(long seed, Duration window, int events) {
        return new RandomFleet(seed, window).events(events).stream().map(RawEvent::toJson).toList();
    }

    /** As {@link #lines}, without the events further than {@code bound} behind the newest before them (the late straggler). */
    static List<String> linesWithinDisorder(long seed, Duration window, int events, Duration bound) {
        return withinDisorder(new RandomFleet(seed, window).events(events), bound).stream()
                .map(RawEvent::toJson).toList();
    }

    /** Without the events further than {@code bound} behind the newest before them: the result is promised within D. */
    static List<RawEvent> withinDisorder(List<RawEvent> events, Duration bound) {
        List<RawEvent> kept = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (RawEvent event : events) {
            if (newest == Long.MIN_VALUE || event.timestampNanos() >= newest - bound.toNanos()) {
                kept.add(event);
                newest = Math.max(newest, event.timestampNanos());
            }
        }
        return kept;
    }

    /** Records keyed by nothing (one partition keeps their order). */
    static List<KeyValue<String, String>> unkeyed(List<String> lines) {
        return lines.stream().map(line -> KeyValue.<String, String>pair(null, line)).toList();
    }

    record Expected(List<JsonNode> alerts, Map<String, JsonNode> table) {
    }

    /** Backtest of the same lines in the same order. */
    static Expected backtest(Settings settings, List<String> lines, Path dir) throws Exception {
        Path file = dir.resolve("fleet.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        List<JsonNode> alerts = new ArrayList<>();
        Map<String, JsonNode> table = new TreeMap<>();
        Backtest.Outputs outputs = new Backtest.Outputs() {
            @Override
            public void alert(byte[] json) {
                alerts.add(DetectorFixture.json(new String(json, StandardCharsets.UTF_8)));
            }

            @Override
            public void rowChange(String process, byte[] json) {
                if (json == null) {
                    table.remove(process);
                } else {
                    table.put(process, DetectorFixture.json(new String(json, StandardCharsets.UTF_8)));
                }
            }
        };
        try (Backtest backtest = new Backtest(settings, Enricher.none(), Clock.systemUTC(), Long.MAX_VALUE,
                OutputSchemas.checked(settings.alertFormat(), outputs))) {
            backtest.feed(file);
        }
        return new Expected(alerts, table);
    }
}
