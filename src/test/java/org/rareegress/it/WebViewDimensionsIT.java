package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * The web view of a detector with two rarity dimensions, OCSF alerts and an allowlist rule, in headless
 * Chromium: a tab per dimension, the refined key in its own column, the allowlisted row marked with its rule,
 * and OCSF alerts named and placed in their dimension. Then how the page reads one alert in each
 * {@code alert.format}: the golden alerts, written natively, as ECS and as OCSF, must read the same.
 */
@ExtendWith(KafkaBroker.class)
class WebViewDimensionsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOOL_RULE = "{\"RuleId\":\"known-tool\",\"InitiatingProcessFileName\":\"tool.exe\","
            + "\"Reason\":\"the IT team's inventory agent\",\"Owner\":\"it@example.com\"}";
    private static final String ROWS = "[...document.querySelectorAll('#hunt tbody tr')].map(r => r.dataset.process)";

    @TempDir
    Path dir;

    @Test
    void tabsPerDimensionTheRefinedKeyTheAllowlistedRowAndOcsfAlerts(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "detector.threshold=3",
                "detector.dimensions=process,process-port", "alert.format=ocsf", "http.table-refresh=PT1S");
        kafka.produce(fixture.allowlist, List.of(KeyValue.pair("known-tool", TOOL_RULE)));
        fixture.produce(List.of(
                // svc.exe reaches three devices on 8000 (prevalent), then one of them uses 4444: a rare port.
                event("2024-05-01T00:00:00Z", "d1", "svc.exe", 8000),
                event("2024-05-01T00:01:00Z", "d2", "svc.exe", 8000),
                event("2024-05-01T00:02:00Z", "d3", "svc.exe", 8000),
                event("2024-05-01T00:03:00Z", "d1", "svc.exe", 4444),
                event("2024-05-01T00:04:00Z", "d1", "rare.exe", 5555),
                event("2024-05-01T00:05:00Z", "d2", "tool.exe", 7000)));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
            fixture.awaitProcessed(Duration.ofMinutes(3), detector);
            browser.navigate("http://127.0.0.1:" + detector.httpPort() + "/");

            browser.await("a tab per dimension", "[...document.querySelectorAll('#dimensions button')].map(b => b.textContent)",
                    tabs -> texts(tabs).equals(List.of("process", "process-port")), WAIT);
            assertThat(browser.evaluate("document.getElementById('dimensions').hidden").asBoolean()).isFalse();
            browser.await("the process rows", ROWS, rows -> texts(rows).equals(List.of("rare.exe", "tool.exe")), WAIT);
            assertThat(browser.evaluate("document.querySelector('#hunt th.refined').hidden").asBoolean())
                    .as("no key column for the seed's rows").isTrue();
            assertThat(browser.evaluate("document.querySelector('#hunt tr[data-process=\"tool.exe\"] td.allowlisted-by')"
                    + ".textContent").asText()).isEqualTo("known-tool");
            assertThat(browser.evaluate("document.querySelector('#hunt tr[data-process=\"tool.exe\"]').className").asText())
                    .isEqualTo("allowlisted");
            assertThat(browser.evaluate("document.querySelector('#hunt tr[data-process=\"rare.exe\"] td.allowlisted-by')"
                    + ".textContent").asText()).isEmpty();

            browser.evaluate("document.querySelector('#dimensions button[data-dimension=\"process-port\"]').click()");
            browser.await("the process-port rows", ROWS, rows -> texts(rows).equals(List.of("svc.exe")), WAIT);
            assertThat(browser.evaluate("document.querySelector('#hunt tbody td.key').textContent").asText())
                    .isEqualTo("port 4444");
            assertThat(browser.evaluate("document.querySelector('#hunt th.refined').hidden").asBoolean()).isFalse();
            assertThat(browser.evaluate("document.querySelector('#dimensions button[aria-selected=\"true\"]').textContent")
                    .asText()).isEqualTo("process-port");

            String alerts = "[...document.querySelectorAll('#alerts tbody tr')].map(r => [...r.cells].map(c => c.textContent)"
                    + ".slice(1, 4).join('|'))";
            JsonNode shown = browser.await("the OCSF alerts, named and placed", alerts,
                    rows -> texts(rows).contains("NEW_RARE|svc.exe|process-port: port 4444"), WAIT);
            assertThat(texts(shown)).as("type, process and dimension of each OCSF alert")
                    .contains("NEW_RARE|rare.exe|process", "NEW_RARE|svc.exe|process")
                    .noneMatch(row -> row.contains("tool.exe"));
        }
    }

    @Test
    void theGoldenAlertsReadTheSameInEveryFormat(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1);
        List<String> natives = golden("alerts.jsonl");
        List<String> ecs = golden("alerts-ecs.jsonl");
        List<String> ocsf = golden("alerts-ocsf.jsonl");
        assertThat(natives).hasSize(ecs.size()).hasSize(ocsf.size()).isNotEmpty();

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
            HttpCalls.awaitRunning(detector);
            browser.navigate("http://127.0.0.1:" + detector.httpPort() + "/");
            browser.await("the page's script", "typeof window.rareEgressAlertView", v -> v.asText().equals("function"), WAIT);
            for (int i = 0; i < natives.size(); i++) {
                JsonNode nativeView = view(browser, natives.get(i));
                assertThat(nativeView.get("process").asText()).as("line %d names its process", i + 1).isNotEmpty();
                assertThat(nativeView.get("type").asText()).isIn("NEW_RARE", "UPDATED", "NO_LONGER_RARE");
                assertThat(nativeView.get("dimension").asText()).isEqualTo("process");
                assertThat(view(browser, ecs.get(i))).as("ECS line %d", i + 1).isEqualTo(nativeView);
                assertThat(view(browser, ocsf.get(i))).as("OCSF line %d", i + 1).isEqualTo(nativeView);
            }
        }
    }

    /** The page's reading of one alert, its time as epoch milliseconds (each format writes instants its own way). */
    private static JsonNode view(HeadlessChromium browser, String alert) throws Exception {
        return browser.evaluate("(() => { const v = window.rareEgressAlertView(" + alert + ");"
                + " return Object.assign({}, v, { time: Date.parse(v.time) }); })()");
    }

    private static List<String> golden(String name) throws IOException {
        try (InputStream in = WebViewDimensionsIT.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("test resource golden/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static KeyValue<String, String> event(String time, String device, String process, int port) {
        return KeyValue.pair(null, String.format(Locale.ROOT, "{\"Timestamp\":\"%s\",\"DeviceId\":\"%s\","
                + "\"DeviceName\":\"%s.corp\",\"ActionType\":\"ConnectionSuccess\",\"Protocol\":\"Tcp\","
                + "\"RemoteIPType\":\"Public\",\"RemoteIP\":\"203.0.113.%d\",\"RemotePort\":%d,"
                + "\"InitiatingProcessFileName\":\"%s\"}", time, device, device, port % 200, port, process));
    }
}
