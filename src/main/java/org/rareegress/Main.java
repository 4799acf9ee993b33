package org.rareegress;

import org.rareegress.backtest.BacktestCommand;
import org.rareegress.bench.BenchCommand;
import org.rareegress.runtime.AllowCommand;
import org.rareegress.config.ConfigException;
import org.rareegress.runtime.DemoCommand;
import org.rareegress.runtime.ReplayCommand;
import org.rareegress.runtime.RunCommand;
import org.rareegress.runtime.TopicsCommand;
import org.rareegress.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: parses the command, hands off, turns failures into exit codes. */
@Command(name = "rare-egress", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Real-time detector of rare outbound IPv4 connections from non-browser processes.",
        subcommands = {DemoCommand.class, RunCommand.class, BacktestCommand.class, ReplayCommand.class, TopicsCommand.class,
                SimulateCommand.class, BenchCommand.class, AllowCommand.class})
public final class Main {
    /** Exit code for a configuration error found at start-up. */
    static final int CONFIG_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + exception.getMessage());
                return CONFIG_ERROR;
            }
            throw exception;
        });
        return commandLine;
    }
}
