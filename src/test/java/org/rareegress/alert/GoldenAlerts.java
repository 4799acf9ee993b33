package org.rareegress.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rareegress.backtest.Backtest;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.OutputJson;
import org.rareegress.enrich.Enricher;
import org.rareegress.output.OutputSchemas;

/**
 * The alerts of the golden input (src/test/resources/golden: every alert type, two episodes with updates, one
 * closed by NO_LONGER_RARE) in a chosen format, through the real topology; each already checked against its
 * schema (and, for ECS and OCSF, the ECS catalogue and the OCSF schema source).
 */
final class GoldenAlerts {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    private GoldenAlerts() {
    }

    static List<ObjectNode> in(AlertFormat format, String... overrides) {
        List<String> settings = new ArrayList<>(List.of("alert.format=" + format.configName()));
        settings.addAll(List.of(overrides));
        Settings loaded = SettingsLoader.load(GOLDEN.resolve("golden.properties"), Map.of(), settings);
        List<ObjectNode> alerts = new ArrayList<>();
        try (Backtest backtest = new Backtest(loaded, Enricher.none(), Clock.systemUTC(), Long.MAX_VALUE,
                json -> alerts.add((ObjectNode) OutputSchemas.assertValid(OutputSchemas.Kind.alert(format), json)))) {
            backtest.feed(GOLDEN.resolve("input.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alerts;
    }

    static JsonNode json(Object value) {
        return OutputJson.mapper().valueToTree(value);
    }
}
