package org.rareegress.runtime.topics;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code topics}: creates the missing topics from their definitions and reports drift of existing ones. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates missing topics from the topics/ definitions and reports drift of existing ones.",
                "The five topics are named by the topic.* keys; the definitions are built in (--dir to use others). "
                        + "Every setting of an existing topic that differs from its definition is reported, one line "
                        + "each, and never changed. Safe to run again.",
                "Exit codes: 0 done (drift is reported but accepted), 1 cluster unreachable or refused, "
                        + "2 bad configuration or definitions, 3 drift found with --fail-on-drift."})
public final class TopicsCommand implements Callable<Integer> {
    /** Exit code when an existing topic differs from its definition and --fail-on-drift is set. */
    public static final int DRIFT = 3;
    static final int CLUSTER_ERROR = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory of topic definitions (input, alerts, rare-processes, dead-letter, allowlist .properties) instead of the built-in ones.")
    Path dir;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replication factor for every topic instead of the definitions' (e.g. 1 for a one-broker cluster); "
                    + "min.insync.replicas is capped at N. Drift is judged against N too.")
    Short replicationFactor;

    @Option(names = "--fail-on-drift", description = "Exit with code 3 when an existing topic differs from its definition (for CI).")
    boolean failOnDrift;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "Give up when the cluster has not answered within this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        Settings settings = config.load();
        Duration limit = parseTimeout();
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(), "--replication-factor must be at least 1");
        }
        Map<String, TopicDefinition> wanted = new LinkedHashMap<>();
        for (TopicDefinition definition : dir == null ? TopicDefinitions.builtIn() : TopicDefinitions.fromDirectory(dir)) {
            wanted.put(definition.role().topicName(settings.topics()),
                    replicationFactor == null ? definition : definition.withReplicationFactor(replicationFactor));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<TopicOutcome> outcomes;
        Admin admin;
        try {
            admin = Admin.create(adminConfig(settings, limit));
        } catch (KafkaException e) {
            // e.g. a kafka.* security setting the client rejects
            spec.commandLine().getErr().println("topics: cannot create an admin client from the kafka.* settings: " + e.getMessage());
            return CLUSTER_ERROR;
        }
        try {
            outcomes = new TopicSync(admin, limit).sync(wanted);
        } catch (TopicSync.ClusterException e) {
            spec.commandLine().getErr().println("topics: " + e.getMessage()
                    + " [bootstrap.servers=" + settings.kafka().get("bootstrap.servers") + "]");
            return CLUSTER_ERROR;
        } finally {
            // Pending calls have already timed out for us; do not wait for them again.
            admin.close(Duration.ofSeconds(1));
        }
        TopicsReport.print(outcomes, out);
        boolean drifted = outcomes.stream().anyMatch(outcome -> outcome.status() == TopicOutcome.Status.DRIFTED);
        return drifted && failOnDrift ? DRIFT : 0;
    }

    private static Properties adminConfig(Settings settings, Duration limit) {
        Properties config = KafkaClients.admin(settings);
        String millis = String.valueOf(Math.min(Integer.MAX_VALUE, limit.toMillis()));
        // Bound every admin call by --timeout unless the configuration says otherwise.
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        return config;
    }

    private Duration parseTimeout() {
        try {
            Duration limit = Duration.parse(timeout);
            if (limit.isNegative() || limit.isZero()) {
                throw new ParameterException(spec.commandLine(), "--timeout must be longer than zero");
            }
            return limit;
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--timeout: '" + timeout + "' is not an ISO-8601 duration such as PT30S");
        }
    }
}
