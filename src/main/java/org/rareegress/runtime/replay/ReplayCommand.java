package org.rareegress.runtime.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.rareegress.backtest.JsonLinesOutput;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.runtime.TopicReader;
import org.rareegress.topology.DetectorMetrics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replay}: a historic topic through an isolated application id, up to the end offsets taken at start. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a historic topic through the detector under its own application id, state and topics,",
                "up to the end offsets taken at start, then stops. Never writes to the live alert topic."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--from-topic", paramLabel = "TOPIC", description = "Topic to replay (default: topic.input).")
    String fromTopic;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Application id of the replay (default: <kafka.application.id>-replay-<UTC time>).")
    String applicationId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = "--alerts", paramLabel = "FILE", description = "Write the alerts as JSON lines ('-' for standard output).")
        String file;

        @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "Write the alerts to this topic (not the live one).")
        String topic;
    }

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M",
            description = "Give up after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep", description = "Keep the replay's internal topics, group and state (for inspection).")
    boolean keep;

    @Option(names = "--quiet", description = "No progress on standard error while it runs (the summary stays).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Settings live = config.load();
        String id = applicationId != null ? applicationId : live.applicationId() + "-replay-"
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (id.equals(live.applicationId())) {
            throw new ParameterException(spec.commandLine(), "--application-id must differ from the live " + id);
        }
        String alertsTopic = destination.topic != null ? destination.topic : id + "-alerts";
        if (alertsTopic.equals(live.topics().alerts())) {
            throw new ParameterException(spec.commandLine(), "--alerts-topic must not be the live alert topic " + alertsTopic);
        }
        Path stateDir = Files.createTempDirectory("rare-egress-replay");
        Settings settings = config.loadImposing(Replay.isolation(id,
                fromTopic != null ? fromTopic : live.topics().input(), alertsTopic, stateDir));

        Replay replay = new Replay(settings, quiet);
        DetectorMetrics metrics = replay.run(timeout);
        long alerts = 0;
        if (destination.file != null) {
            try (JsonLinesOutput out = JsonLinesOutput.open(destination.file)) {
                long[] written = {0};
                TopicReader.readAll(KafkaClients.consumer(settings), alertsTopic, Duration.ofMinutes(5), record -> {
                    out.line(record.value());
                    written[0]++;
                });
                alerts = written[0];
            }
        }
        if (!keep) {
            replay.cleanUp(destination.topic != null);
        }
        System.err.printf("replay %s: %,d records, %,d events, %,d kept, %,d rejected, %,d late%s%n", id,
                metrics.recordsRead(), metrics.eventsRead(), metrics.kept(), metrics.rejected(), metrics.late(),
                destination.file != null ? String.format(", %,d alerts written", alerts) : ", alerts in " + alertsTopic);
        return 0;
    }
}
