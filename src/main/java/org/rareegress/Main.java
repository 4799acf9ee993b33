package org.rareegress;

import java.util.List;
import org.rareegress.backtest.BacktestCommand;
import org.rareegress.runtime.AllowCommand;
import org.rareegress.config.ConfigException;
import org.rareegress.runtime.RunCommand;
import org.rareegress.runtime.replay.ReplayCommand;
import org.rareegress.runtime.topics.TopicsCommand;
import org.rareegress.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: parses the command, hands off, turns failures into exit codes. */
@Command(name = "rare-egress", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Real-time detector of rare outbound IPv4 connections from non-browser processes.")
public final class Main {
    /** Exit code for a configuration error found at start-up. */
    static final int CONFIG_ERROR = 2;

    /**
     * The commands only the full jar holds: {@code demo} starts an in-JVM Kafka broker and {@code bench} one too,
     * with its histograms. The slim jar (the container image's) leaves them out with everything they need, so they
     * are named here rather than referred to as classes, and stand in as {@link NotInThisJar} when absent.
     */
    static final List<FullJarCommand> FULL_JAR_COMMANDS = List.of(
            new FullJarCommand("demo", "org.rareegress.runtime.demo.DemoCommand", "kafka.server.KafkaRaftServer",
                    "Starts a local Kafka broker and streams a simulated fleet through the detector."),
            new FullJarCommand("bench", "org.rareegress.bench.BenchCommand", "org.HdrHistogram.Histogram",
                    "Measures the detector's speed on data it generates itself."));

    /** A command of the full jar: its class, a class of the library it needs, what it does. */
    record FullJarCommand(String name, String commandClass, String neededClass, String summary) {
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // The order of the usage message: demo first, as the README starts with it.
        addFullJarCommand(commandLine, FULL_JAR_COMMANDS.get(0));
        commandLine.addSubcommand(new RunCommand());
        commandLine.addSubcommand(new BacktestCommand());
        commandLine.addSubcommand(new ReplayCommand());
        commandLine.addSubcommand(new TopicsCommand());
        commandLine.addSubcommand(new SimulateCommand());
        commandLine.addSubcommand(new AllowCommand());
        addFullJarCommand(commandLine, FULL_JAR_COMMANDS.get(1));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + exception.getMessage());
                return CONFIG_ERROR;
            }
            throw exception;
        });
        return commandLine;
    }

    private static void addFullJarCommand(CommandLine commandLine, FullJarCommand command) {
        Object instance = NotInThisJar.load(command);
        if (instance instanceof NotInThisJar stub) {
            CommandLine stubLine = new CommandLine(stub);
            stubLine.getCommandSpec().usageMessage().description(stub.description());
            commandLine.addSubcommand(command.name(), stubLine);
        } else {
            commandLine.addSubcommand(command.name(), instance);
        }
    }
}
