package org.rareegress.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.AllowRules;
import org.rareegress.allow.BadRuleException;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code allow add|remove|list}: the rules of the allowlist topic ({@code topic.allowlist}), which every running
 * detector applies within seconds (docs/allowlist.md). {@code list} prints one JSON rule a line: a file that
 * {@code backtest --allowlist} reads as it is.
 */
@Command(name = "allow", mixinStandardHelpOptions = true,
        description = {"Adds, removes and lists the allowlist rules every running detector applies (topic.allowlist).",
                "A rule is one JSON object: RuleId, then any of InitiatingProcessFileName, SHA256, MD5, FolderPath (glob),"
                        + " RemoteNetwork (CIDR), RemotePort, Dimension, DeviceId, DeviceName, and Reason, Owner, Expires"
                        + " (ISO-8601 instant). It silences the alerts that match every field it names."},
        subcommands = {AllowCommand.Add.class, AllowCommand.Remove.class, AllowCommand.List.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the cluster could not be reached or the topic is missing",
                "2:a bad rule, option or configuration value (nothing written)"})
public final class AllowCommand implements Callable<Integer> {
    static final int CLUSTER_ERROR = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: add, remove or list");
    }

    /** Options every subcommand shares: the configuration and how long to wait for the cluster. */
    static class Common {
        @Mixin
        ConfigOptions config;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30S",
                description = "Give up when the cluster has not answered within this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Spec
        CommandSpec spec;

        AllowlistTopic topic() {
            Settings settings = config.load();
            Duration wait;
            try {
                wait = Duration.parse(timeout);
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--timeout: '" + timeout + "' is not an ISO-8601 duration");
            }
            return new AllowlistTopic(settings, wait);
        }

        int failed(IllegalStateException e) {
            spec.commandLine().getErr().println("allow " + spec.name() + ": " + e.getMessage());
            return CLUSTER_ERROR;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds or replaces rules (a rule with the RuleId of an existing one replaces it). Every rule is"
                    + " checked before any is written: a bad one is refused with what is wrong, and nothing is written."})
    static final class Add extends Common implements Callable<Integer> {
        @Parameters(paramLabel = "RULE", arity = "0..*", description = "Rules as JSON objects.")
        java.util.List<String> rules = new ArrayList<>();

        @Option(names = "--file", paramLabel = "FILE", description = "A file of rules, one JSON rule a line (blank lines skipped).")
        Path file;

        @Override
        public Integer call() throws IOException {
            java.util.List<String> texts = new ArrayList<>(rules);
            if (file != null) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).forEach(texts::add);
            }
            if (texts.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "give at least one rule, as an argument or with --file");
            }
            java.util.List<AllowRule> parsed = new ArrayList<>();
            for (String text : texts) {
                try {
                    parsed.add(AllowRules.parse(text));
                } catch (BadRuleException e) {
                    throw new ParameterException(spec.commandLine(), "rule refused: " + e.getMessage() + "\n  in: " + text);
                }
            }
            try {
                AllowlistTopic topic = topic();
                PrintWriter out = spec.commandLine().getOut();
                for (AllowRule rule : parsed) {
                    topic.write(rule.ruleId(), rule);
                    out.println("added " + rule.toJson());
                }
                out.flush();
                return 0;
            } catch (IllegalStateException e) {
                return failed(e);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Removes rules by RuleId (a tombstone on the topic). The next event of a process they silenced"
                    + " that adds a device, hash or port alerts again."})
    static final class Remove extends Common implements Callable<Integer> {
        @Parameters(paramLabel = "RULE_ID", arity = "1..*", description = "Ids of the rules to remove.")
        java.util.List<String> ruleIds;

        @Override
        public Integer call() {
            try {
                AllowlistTopic topic = topic();
                AllowlistTopic.Contents contents = topic.read();
                PrintWriter out = spec.commandLine().getOut();
                for (String ruleId : ruleIds) {
                    boolean known = contents.rules().containsKey(ruleId) || contents.rejected().containsKey(ruleId);
                    topic.write(ruleId, null);
                    out.println(known ? "removed " + ruleId : "removed " + ruleId + " (it was not on the topic)");
                }
                out.flush();
                return 0;
            } catch (IllegalStateException e) {
                return failed(e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Prints the rules in force, one JSON rule a line in RuleId order (a file backtest --allowlist"
                    + " reads); records of the topic that are not usable rules are reported on standard error."})
    static final class List extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            try {
                AllowlistTopic.Contents contents = topic().read();
                PrintWriter out = spec.commandLine().getOut();
                contents.rules().values().forEach(rule -> out.println(rule.toJson()));
                out.flush();
                contents.rejected().forEach((key, reason) ->
                        spec.commandLine().getErr().println("allow list: skipped record " + key + ": " + reason));
                spec.commandLine().getErr().flush();
                return 0;
            } catch (IllegalStateException e) {
                return failed(e);
            }
        }
    }
}
