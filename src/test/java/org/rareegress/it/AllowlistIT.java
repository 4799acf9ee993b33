package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.allow.AllowRule;
import org.rareegress.runtime.AllowCommand;
import org.rareegress.runtime.DetectorService;
import picocli.CommandLine;

/**
 * The live allowlist on a real broker: {@code allow add} on a running detector silences the next matching alert
 * (counted, shown by {@code /allowlist} and {@code /metrics}, the row marked); {@code allow remove} lets the next
 * event alert; a restarted detector still holds the rules; a bad record on the topic is counted, never fatal.
 */
@ExtendWith(KafkaBroker.class)
class AllowlistIT {
    private static final Duration PROCESSING = Duration.ofMinutes(3);
    /** "Within seconds": generous for a loaded build machine, far below any restart. */
    private static final Duration TAKES_EFFECT = Duration.ofSeconds(30);
    private static final String EVENT = "{\"Timestamp\":\"%s\",\"DeviceId\":\"%s\",\"DeviceName\":\"%s.corp\","
            + "\"ActionType\":\"ConnectionSuccess\",\"Protocol\":\"Tcp\",\"RemoteIPType\":\"Public\",\"RemoteIP\":\"203.0.113.9\","
            + "\"RemotePort\":%d,\"InitiatingProcessFileName\":\"implant.exe\"}";
    private static final String IMPLANT_RULE = "{\"RuleId\":\"lab-implant\",\"InitiatingProcessFileName\":\"implant.exe\","
            + "\"Reason\":\"red team exercise\",\"Owner\":\"soc@example.com\"}";
    private static final String PORT_RULE = "{\"RuleId\":\"port-8443\",\"InitiatingProcessFileName\":\"implant.exe\","
            + "\"RemotePort\":8443}";

    @TempDir
    Path dir;

    @Test
    void aRuleAddedOnARunningDetectorSilencesRemovingItAlertsAndARestartKeepsTheRules(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "http.table-refresh=PT0S");

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            HttpCalls.awaitRunning(detector);
            assertThat(allow(fixture, "add", IMPLANT_RULE)).isZero();
            await(() -> ruleIds(detector), List.of("lab-implant"));

            fixture.produce(List.of(event("2024-05-01T00:00:00Z", "d1", 4444)));
            await(() -> detector.metrics().suppressedByRule(), Map.of("lab-implant", 1L), PROCESSING);

            await(() -> markedBy(fixture), "lab-implant", PROCESSING);
            assertThat(fixture.alerts()).isEmpty();
            JsonNode served = DetectorFixture.rows(HttpCalls.get(detector.httpPort(), "/rare-processes").body());
            assertThat(served).hasSize(1);
            assertThat(served.get(0).get("AllowlistedBy").asText()).isEqualTo("lab-implant");
            JsonNode listed = DetectorFixture.json(HttpCalls.get(detector.httpPort(), "/allowlist").body());
            assertThat(listed.get("Rules")).hasSize(1);
            assertThat(listed.get("Rules").get(0).get("RuleId").asText()).isEqualTo("lab-implant");
            assertThat(listed.get("Rules").get(0).get("Reason").asText()).isEqualTo("red team exercise");
            assertThat(listed.get("Rules").get(0).get("Suppressed").asLong()).isEqualTo(1);
            assertThat(HttpCalls.get(detector.httpPort(), "/metrics").body())
                    .contains("rare_egress_allowlist_suppressed_total{rule=\"lab-implant\"} 1.0");

            assertThat(allow(fixture, "remove", "lab-implant")).isZero();
            await(() -> ruleIds(detector), List.of());
            fixture.produce(List.of(event("2024-05-01T01:00:00Z", "d2", 4444)));
            await(() -> fixture.alerts().size(), 1, PROCESSING);

            List<JsonNode> alerts = fixture.alerts();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("AlertType").asText()).as("tracking went on under the rule").isEqualTo("UPDATED");
            assertThat(alerts.get(0).get("Trigger").get("DeviceId").asText()).isEqualTo("d2");
            await(() -> markedBy(fixture), "", PROCESSING);
            assertThat(DetectorFixture.rows(HttpCalls.get(detector.httpPort(), "/rare-processes").body()).get(0)
                    .has("AllowlistedBy")).isFalse();

            assertThat(allow(fixture, "add", PORT_RULE)).isZero();
            kafka.produce(fixture.allowlist, List.of(KeyValue.pair("broken", "{\"RuleId\":\"broken\",\"RemoteNetwork\":\"x\"}")));
            await(() -> detector.metrics().badAllowlistRecords(), 1L);
            assertThat(detector.isAlive()).isTrue();
        }

        try (DetectorService restarted = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            HttpCalls.awaitRunning(restarted);
            await(() -> ruleIds(restarted), List.of("port-8443"));

            fixture.produce(List.of(event("2024-05-01T02:00:00Z", "d3", 8443)));
            await(() -> restarted.metrics().suppressedByRule(), Map.of("port-8443", 1L), PROCESSING);
            // Tracked all the same; the row lists ports 4444 and 8443, and the rule covers one: the row is not marked.
            await(() -> fixture.table().get("implant.exe").get("DeviceCount").asInt(), 3, PROCESSING);
            assertThat(markedBy(fixture)).isEmpty();

            assertThat(fixture.alerts()).as("only the alert before the restart").hasSize(1);
            assertThat(restarted.metrics().badAllowlistRecords()).as("counted again as the store is rebuilt").isEqualTo(1);
        }

        StringWriter out = new StringWriter();
        assertThat(allow(fixture, out, "list")).isZero();
        assertThat(out.toString()).isEqualTo("{\"RuleId\":\"port-8443\",\"InitiatingProcessFileName\":\"implant.exe\","
                + "\"RemotePort\":8443}" + System.lineSeparator());
    }

    @Test
    void allowAddRefusesABadRuleAndWritesNothing(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1);
        StringWriter err = new StringWriter();

        int exit = allow(fixture, new StringWriter(), err, "add", PORT_RULE,
                "{\"RuleId\":\"bad\",\"RemoteNetwork\":\"10.0.0.0/40\"}");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("rule refused: RemoteNetwork: '10.0.0.0/40' is not an IPv4 CIDR block");
        StringWriter out = new StringWriter();
        assertThat(allow(fixture, out, "list")).isZero();
        assertThat(out.toString()).as("nothing written, not even the good rule").isEmpty();
    }

    private static KeyValue<String, String> event(String timestamp, String device, int port) {
        return KeyValue.pair(null, String.format(EVENT, timestamp, device, device, port));
    }

    private static List<String> ruleIds(DetectorService detector) {
        try {
            return detector.allowlist().stream().map(AllowRule::ruleId).toList();
        } catch (RuntimeException notQueryableYet) {
            return List.of("?");
        }
    }

    /** The rule that marks the implant's row on the table topic; empty when none does. */
    private static String markedBy(DetectorFixture fixture) {
        JsonNode row = fixture.table().get("implant.exe");
        return row == null ? null : row.path("AllowlistedBy").asText("");
    }

    private static <T> void await(Supplier<T> actual, T expected) throws InterruptedException {
        await(actual, expected, TAKES_EFFECT);
    }

    private static <T> void await(Supplier<T> actual, T expected, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!expected.equals(actual.get())) {
            if (Instant.now().isAfter(deadline)) {
                assertThat(actual.get()).as("within " + within).isEqualTo(expected);
            }
            Thread.sleep(200);
        }
    }

    private static int allow(DetectorFixture fixture, String... args) {
        return allow(fixture, new StringWriter(), args);
    }

    private static int allow(DetectorFixture fixture, StringWriter out, String... args) {
        return allow(fixture, out, new StringWriter(), args);
    }

    private static int allow(DetectorFixture fixture, StringWriter out, StringWriter err, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0]));
        for (String setting : fixture.settingsFor("allow")) {
            all.add("--set");
            all.add(setting);
        }
        all.addAll(List.of(args).subList(1, args.length));
        CommandLine command = new CommandLine(new AllowCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(all.toArray(String[]::new));
    }
}
