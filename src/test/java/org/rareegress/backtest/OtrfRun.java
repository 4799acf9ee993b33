package org.rareegress.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;
import org.rareegress.output.OutputSchemas;
import org.rareegress.topology.DetectorMetrics;

/** One real {@link Backtest} over files, with its alerts, dead letters, counters and warnings kept for assertions. */
record OtrfRun(DetectorMetrics metrics, List<JsonNode> alerts, List<JsonNode> deadLetters, List<String> warnings) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);

    static OtrfRun of(List<Path> files, String... overrides) throws IOException {
        Settings settings = SettingsLoader.load(null, Map.of(), List.of(overrides));
        List<JsonNode> alerts = new ArrayList<>();
        List<JsonNode> deadLetters = new ArrayList<>();
        Backtest.Outputs outputs = new Backtest.Outputs() {
            @Override
            public void alert(byte[] json) {
                alerts.add(parse(json));
            }

            @Override
            public void deadLetter(byte[] json) {
                deadLetters.add(parse(json));
            }
        };
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE,
                OutputSchemas.checked(settings.alertFormat(), outputs))) {
            for (Path file : files) {
                backtest.feed(file);
            }
            backtest.drain();
            return new OtrfRun(backtest.metrics(), alerts, deadLetters, backtest.warnings());
        }
    }

    /** Alerts of one process (lower-cased name). */
    List<JsonNode> alertsOf(String process) {
        return alerts.stream().filter(alert -> alert.get("InitiatingProcessFileName").asText().equals(process)).toList();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
