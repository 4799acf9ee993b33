package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * The web view in a real browser (headless Chromium) against a detector on the test broker, behind a bearer
 * token: the page renders the hunt table (sortable) and the status, a newly raised alert appears without a
 * reload, data is never rendered as markup, and without the token the page asks for it.
 * {@code -Dwebview.screenshot=FILE} keeps a PNG of the page.
 */
@ExtendWith(KafkaBroker.class)
class WebViewIT {
    private static final String TOKEN = "web-view-token-0123456789";
    private static final String HOSTILE = "<img src=x onerror=window.injected=1>.exe";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static DetectorFixture fixture;
    private static DetectorService detector;

    @BeforeAll
    static void startDetector(TestKafka kafka) throws Exception {
        fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "http.auth-token=" + TOKEN,
                "http.table-refresh=PT1S");
        fixture.produce(List.of(
                event("2024-05-01T00:00:00Z", "d1", "beacon.exe", "8.8.8.8"),
                event("2024-05-01T00:01:00Z", "d1", "tool.exe", "8.8.4.4"),
                event("2024-05-01T00:02:00Z", "d2", "tool.exe", "8.8.4.4"),
                event("2024-05-01T00:03:00Z", "d3", HOSTILE, "1.1.1.1"),
                event("2024-05-01T00:04:00Z", "d1", "zeta.exe", "9.9.9.9"),
                event("2024-05-01T00:05:00Z", "d2", "zeta.exe", "9.9.9.9"),
                event("2024-05-01T00:06:00Z", "d3", "zeta.exe", "9.9.9.9")));
        detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC());
        fixture.awaitProcessed(Duration.ofMinutes(3), detector);
    }

    @AfterAll
    static void stopDetector() {
        detector.close();
    }

    @Test
    void thePageShowsTheTableAndStatusAndANewAlertArrivesWithoutAReload() throws Exception {
        List<String> expected = new ArrayList<>(fixture.table().keySet());
        assertThat(expected).as("the fixture's table").contains("beacon.exe", "tool.exe", "zeta.exe", HOSTILE);

        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
            browser.navigate(base() + "/#token=" + TOKEN);

            JsonNode rows = browser.await("the hunt table", "[...document.querySelectorAll('#hunt tbody tr')]"
                    + ".map(r => r.dataset.process)", value -> value.size() == expected.size(), WAIT);
            assertThat(texts(rows)).as("table order: DeviceCount, then name")
                    .containsExactly(HOSTILE, "beacon.exe", "tool.exe", "zeta.exe");
            assertThat(browser.evaluate("location.hash").asText()).as("the token leaves the address bar").isEmpty();
            assertThat(browser.evaluate("document.querySelector('#hunt tbody tr[data-process=\"zeta.exe\"] td.number')"
                    + ".textContent").asText()).isEqualTo("3");
            assertThat(browser.evaluate("document.querySelectorAll('#hunt img, #alerts img').length").asInt())
                    .as("a process name is text, never markup").isZero();
            assertThat(browser.evaluate("window.injected === undefined").asBoolean()).isTrue();

            browser.evaluate("document.querySelector('#hunt button[data-key=\"InitiatingProcessFileName\"]').click()");
            assertThat(texts(browser.evaluate("[...document.querySelectorAll('#hunt tbody tr')].map(r => r.dataset.process)")))
                    .as("sorted by name").containsExactly(HOSTILE, "beacon.exe", "tool.exe", "zeta.exe");
            browser.evaluate("document.querySelector('#hunt button[data-key=\"InitiatingProcessFileName\"]').click()");
            assertThat(texts(browser.evaluate("[...document.querySelectorAll('#hunt tbody tr')].map(r => r.dataset.process)")))
                    .as("and back").containsExactly("zeta.exe", "tool.exe", "beacon.exe", HOSTILE);

            browser.await("the status", "document.getElementById('status-warmup').textContent",
                    value -> value.asText().equals("over"), WAIT);
            assertThat(browser.evaluate("document.getElementById('phase').textContent").asText()).isEqualTo("caught up");
            assertThat(browser.evaluate("document.querySelectorAll('#instances tbody tr').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.getElementById('status-tasks').textContent").asText())
                    .matches("[1-9][0-9]* active, 0 standby");
            browser.await("the alerts so far", "[...document.querySelectorAll('#alerts tbody tr')].map(r => r.dataset.process)",
                    value -> texts(value).contains("beacon.exe"), WAIT);
            browser.evaluate("window.notReloaded = true");

            fixture.produce(List.of(event("2024-05-01T01:00:00Z", "d9", "fresh-implant.exe", "5.5.5.5")));

            JsonNode arrived = browser.await("the new alert", "[...document.querySelectorAll('#alerts tbody tr')]"
                    + ".map(r => r.dataset.process)", value -> texts(value).contains("fresh-implant.exe"), WAIT);
            assertThat(texts(arrived).get(0)).as("newest first").isEqualTo("fresh-implant.exe");
            assertThat(browser.evaluate("window.notReloaded === true && performance.getEntriesByType('navigation').length")
                    .asInt()).as("the same page, never reloaded").isEqualTo(1);
            browser.await("the new row", "[...document.querySelectorAll('#hunt tbody tr')].map(r => r.dataset.process)",
                    value -> texts(value).contains("fresh-implant.exe"), WAIT);
            String screenshot = System.getProperty("webview.screenshot", "");
            if (!screenshot.isBlank()) {
                browser.screenshot(Path.of(screenshot));
            }
        }
    }

    @Test
    void withoutTheTokenThePageAsksForItAndShowsNoData() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(1200, 800)) {
            browser.navigate(base() + "/");

            browser.await("the token form", "document.getElementById('token-form').hidden",
                    value -> !value.asBoolean(), WAIT);
            assertThat(browser.evaluate("document.querySelectorAll('#hunt tbody tr, #alerts tbody tr').length").asInt())
                    .isZero();

            browser.evaluate("document.getElementById('token').value = '" + TOKEN + "';"
                    + " document.getElementById('token-form').requestSubmit()");

            browser.await("the table once the token is given", "document.querySelectorAll('#hunt tbody tr').length",
                    value -> value.asInt() > 0, WAIT);
        }
    }

    @Test
    void recentAlertsNeedTheTokenAndPageThroughWhatWasSeen() throws Exception {
        assertThat(HttpCalls.get(detector.httpPort(), "/recent-alerts").statusCode()).isEqualTo(401);
        assertThat(HttpCalls.get(detector.httpPort(), "/").statusCode()).as("the page holds no data").isEqualTo(200);

        JsonNode all = awaitAlerts(0);
        long next = all.get("Next").asLong();
        JsonNode none = DetectorFixture.json(HttpCalls.get(detector.httpPort(), "/recent-alerts?after=" + next, TOKEN,
                Duration.ofSeconds(10)).body());

        assertThat(all.get("Alerts")).extracting(alert -> alert.get("InitiatingProcessFileName").asText())
                .contains("beacon.exe", "tool.exe");
        assertThat(all.get("Error").isNull()).isTrue();
        assertThat(none.get("Alerts")).isEmpty();
        assertThat(none.get("Next").asLong()).isEqualTo(next);
        HttpResponse<String> page = HttpCalls.get(detector.httpPort(), "/");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(HttpCalls.get(detector.probePort(), "/").statusCode()).as("not on the probe port").isEqualTo(404);
    }

    private static JsonNode awaitAlerts(long after) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            JsonNode page = DetectorFixture.json(HttpCalls.get(detector.httpPort(), "/recent-alerts?after=" + after, TOKEN,
                    Duration.ofSeconds(10)).body());
            if (page.get("Alerts").size() >= 2 || Instant.now().isAfter(deadline)) {
                return page;
            }
            Thread.sleep(200);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + detector.httpPort();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static KeyValue<String, String> event(String time, String device, String process, String ip) {
        return KeyValue.pair(null, String.format(Locale.ROOT, "{\"Timestamp\":\"%s\",\"DeviceId\":\"%s\","
                + "\"DeviceName\":\"%s.corp\",\"ActionType\":\"ConnectionSuccess\",\"Protocol\":\"Tcp\","
                + "\"RemoteIPType\":\"Public\",\"RemoteIP\":\"%s\",\"RemotePort\":4444,"
                + "\"InitiatingProcessFileName\":%s,\"InitiatingProcessCommandLine\":%s}", time, device, device, ip,
                org.rareegress.codec.OutputJson.toLine(process),
                org.rareegress.codec.OutputJson.toLine(process + " --connect " + ip)));
    }
}
