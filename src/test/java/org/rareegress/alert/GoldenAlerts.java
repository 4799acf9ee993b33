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
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
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

    /**
     * The golden alerts under alert-storm protection of one NEW_RARE an hour: chromehelper.exe's NEW_RARE is
     * suppressed in 08:00-09:00, backup.exe's, updater.exe's and putty.exe's in 09:00-10:00; two STORM alerts.
     */
    static List<ObjectNode> withStorms(AlertFormat format) {
        return in(format, "alert.storm-threshold=1", "alert.storm-window=PT1H");
    }

    /** The STORM alerts of {@link #withStorms}. */
    static List<ObjectNode> storms(AlertFormat format) {
        List<ObjectNode> all = withStorms(format);
        List<ObjectNode> nativeAlerts = format == AlertFormat.NATIVE ? all : withStorms(AlertFormat.NATIVE);
        List<ObjectNode> storms = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (nativeAlerts.get(i).path("AlertType").asText().equals("STORM")) {
                storms.add(all.get(i));
            }
        }
        return storms;
    }

    static JsonNode json(Object value) {
        return OutputJson.mapper().valueToTree(value);
    }
}
