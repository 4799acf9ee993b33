package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.AsnTestDatabase;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;
import org.rareegress.event.Timestamps;
import org.rareegress.output.EcsCatalogue;
import org.rareegress.output.OcsfSchema;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;
import org.rareegress.reference.RawEvent;

/**
 * A program every device runs, to one port, one binary and one network (AS15169, in a real GeoLite2-ASN file);
 * then one device each on a new port, with a new binary, and to a new network (AS20712). Each refined dimension
 * alerts its own rare key, and the alerts of refined dimensions are valid in every format: the native schema,
 * the ECS 9.4.0 field catalogue and OCSF 1.5.0 (Detection Finding).
 */
class RefinedAlertFormatsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long HOUR = 3_600_000_000_000L;
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    private static final String SHA_COMMON = "a".repeat(64);
    private static final String SHA_NEW = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aRareNetworkOfAPrevalentProcessAlertsWithItsAsnFromTheAsnDatabase() throws IOException {
        List<JsonNode> alerts = run("native", "process,process-asn");

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.get("Dimension").asText()).isEqualTo("process-asn");
            assertThat(alert.get("InitiatingProcessFileName").asText()).isEqualTo("tool.exe");
            assertThat(alert.get("ASN").asLong()).isEqualTo(20_712L);
            assertThat(alert.get("RemoteIP_asn").asLong()).isEqualTo(20_712L);
            assertThat(alert.get("RemoteIP_asOrganization").asText()).isEqualTo(AsnTestDatabase.organisation(20_712L));
            assertThat(alert.get("Devices").get(0).get("DeviceId").asText()).isEqualTo("d3");
            assertThat(alert.get("RuleId").asText()).isEqualTo("rare-egress:rare-network-of-prevalent-process");
        });
    }

    @Test
    void eachRefinedDimensionAlertsItsOwnRareKey() throws IOException {
        List<JsonNode> alerts = run("native", "process,process-port,process-hash,process-asn");

        assertThat(alerts).extracting(a -> a.get("Dimension").asText() + " " + a.get("Devices").get(0).get("DeviceId").asText())
                .containsExactlyInAnyOrder("process-port d1", "process-hash d2", "process-asn d3");
        assertThat(alerts).anySatisfy(a -> assertThat(a.path("RemotePort").asInt()).isEqualTo(4444));
        assertThat(alerts).anySatisfy(a -> assertThat(a.path("SHA256").asText()).isEqualTo(SHA_NEW));
    }

    @Test
    void ecsAlertsOfRefinedDimensionsAreValidAgainstTheEcsCatalogueAndCarryTheRefinedKey() throws IOException {
        List<JsonNode> alerts = run("ecs", "process,process-port,process-hash,process-asn");

        assertThat(alerts).hasSize(3);
        for (JsonNode alert : alerts) {
            assertThat(EcsCatalogue.get().errors(alert)).as(alert.toString()).isEmpty();
            assertThat(alert.at("/rare_egress/schema_version").asText()).isEqualTo("1.1");
        }
        assertThat(alerts).extracting(a -> a.at("/rare_egress/dimension").asText())
                .containsExactlyInAnyOrder("process-port", "process-hash", "process-asn");
        assertThat(alerts).anySatisfy(a -> assertThat(a.at("/rare_egress/remote_port").asInt()).isEqualTo(4444));
        assertThat(alerts).anySatisfy(a -> assertThat(a.at("/rare_egress/sha256").asText()).isEqualTo(SHA_NEW));
        assertThat(alerts).anySatisfy(a -> assertThat(a.at("/rare_egress/asn").asLong()).isEqualTo(20_712L));
    }

    @Test
    void ocsfFindingsOfRefinedDimensionsAreValidOcsfDetectionFindingsAndCarryTheRefinedKey() throws IOException {
        List<JsonNode> findings = run("ocsf", "process,process-port,process-hash,process-asn");

        assertThat(findings).hasSize(3);
        for (JsonNode finding : findings) {
            assertThat(OcsfSchema.get().errors(finding)).as(finding.toString()).isEmpty();
            assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
        }
        assertThat(findings).extracting(f -> f.at("/unmapped/rare_egress/Dimension").asText())
                .containsExactlyInAnyOrder("process-port", "process-hash", "process-asn");
        assertThat(findings).anySatisfy(f -> assertThat(f.at("/unmapped/rare_egress/ASN").asLong()).isEqualTo(20_712L));
    }

    private List<JsonNode> run(String format, String dimensions) throws IOException {
        Path asnDatabase = AsnTestDatabase.write(dir.resolve("asn.mmdb"),
                Map.of("8.8.8.0/24", 15_169L, "81.2.69.0/24", 20_712L));
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("detector.window=P7D", "detector.warmup=PT12H",
                "detector.threshold=3", "input.max-future-skew=P3650D", "alert.format=" + format,
                "detector.dimensions=" + dimensions, "geoip.asn-database=" + asnDatabase));
        Kind kind = switch (format) {
            case "ecs" -> Kind.ALERT_ECS;
            case "ocsf" -> Kind.ALERT_OCSF;
            default -> Kind.ALERT;
        };
        List<JsonNode> alerts = new ArrayList<>();
        try (Enricher enricher = Enrichers.create(settings.geoip());
             Backtest backtest = new Backtest(settings, enricher, CLOCK, Long.MAX_VALUE,
                     json -> alerts.add(OutputSchemas.assertValid(kind, json)))) {
            backtest.feed(fleet());
            backtest.finish();
        }
        return alerts;
    }

    /** tool.exe on d1..d4 to 8.8.8.8:22 with one binary each hour of a day; then the three rare keys. */
    private Path fleet() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            for (int device = 1; device <= 4; device++) {
                lines.add(event(T0 + hour * HOUR + device, "d" + device, "8.8.8.8", 22, SHA_COMMON));
            }
        }
        lines.add(event(T0 + 25 * HOUR, "d1", "8.8.8.8", 4444, SHA_COMMON));
        lines.add(event(T0 + 26 * HOUR, "d2", "8.8.8.8", 22, SHA_NEW));
        lines.add(event(T0 + 27 * HOUR, "d3", "81.2.69.160", 22, SHA_COMMON));
        Path file = dir.resolve("fleet.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static String event(long time, String device, String ip, int port, String sha256) {
        return new RawEvent(time, Timestamps.format(time), device, device + ".corp.example", "ConnectionSuccess", "Tcp",
                "Public", ip, port, null, "tool.exe", null, sha256, "tool.exe --serve", "C:\\Tools\\tool.exe").toJson();
    }
}
