package org.rareegress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.codec.OutputJson;

/**
 * {@code RARE_EGRESS_LOG_FORMAT=json} makes every log line one JSON object for log shippers, and nothing of
 * logback's own reaches standard output; checked on a real command in a new JVM, as a container runs it.
 */
class LogFormatTest {
    @TempDir
    Path dir;

    @Test
    void jsonLogsAreOneObjectALineOnStandardError() throws Exception {
        Run run = backtest("json");

        List<JsonNode> logs = new ArrayList<>();
        for (String line : run.stderr().lines().filter(line -> line.startsWith("{")).toList()) {
            logs.add(OutputJson.mapper().readTree(line));
        }
        assertThat(logs).isNotEmpty().allSatisfy(log -> {
            assertThat(log.path("level").asText()).isNotEmpty();
            assertThat(log.path("loggerName").asText()).startsWith("org.rareegress");
            assertThat(log.path("timestamp").asLong()).isPositive();
            assertThat(log.has("formattedMessage")).isTrue();
        });
        assertThat(logs).anySatisfy(log -> assertThat(log.path("formattedMessage").asText()).contains("GeoIP"));
        assertThat(run.stderr()).doesNotContain(" INFO  [main] ");
        assertThat(run.stdout()).as("standard output is the alerts' alone").isEmpty();
    }

    @Test
    void textLogsAreTheDefault() throws Exception {
        Run run = backtest(null);

        assertThat(run.stderr()).contains(" INFO  [main] org.rareegress.enrich.Enrichers - ");
        assertThat(run.stderr().lines()).noneMatch(line -> line.startsWith("{"));
        assertThat(run.stdout()).isEmpty();
    }

    private record Run(String stdout, String stderr) {
    }

    private Run backtest(String format) throws IOException, InterruptedException {
        Path input = dir.resolve("events.jsonl");
        Files.writeString(input, "{\"Timestamp\":\"2024-05-01T00:00:00Z\",\"DeviceId\":\"d1\",\"ActionType\":"
                + "\"ConnectionSuccess\",\"Protocol\":\"Tcp\",\"RemoteIPType\":\"Public\",\"RemoteIP\":\"8.8.8.8\","
                + "\"RemotePort\":4444,\"InitiatingProcessFileName\":\"x.exe\"}\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.rareegress.Main", "backtest", "--input", input.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().remove("RARE_EGRESS_LOG_FORMAT");
        if (format != null) {
            builder.environment().put("RARE_EGRESS_LOG_FORMAT", format);
        }
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("backtest finished").isTrue();
        assertThat(process.exitValue()).isZero();
        return new Run(Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }
}
