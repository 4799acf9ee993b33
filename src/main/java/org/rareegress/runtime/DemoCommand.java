package org.rareegress.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.rareegress.config.ConfigOptions;
import org.rareegress.simulate.FleetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: the whole product on one machine, no setup. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a local Kafka broker, creates the topics, streams a simulated fleet of several weeks",
                "through the detector, prints each alert as it arrives and the final hunt table, then exits 0.",
                "--follow keeps the fleet and the detector running (Ctrl-C to stop)."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--devices", defaultValue = "150", description = "Devices in the fleet (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--days", defaultValue = "40",
            description = "Days of history; more than the 30-day warm-up so alerts appear (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--events-per-device-per-day", defaultValue = "30", description = "Default ${DEFAULT-VALUE}.")
    int eventsPerDevicePerDay;

    @Option(names = "--seed", defaultValue = "1", description = "Simulation seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--follow", description = "After the history, keep streaming live events and alerts until stopped.")
    boolean follow;

    @Option(names = "--rate", defaultValue = "50", description = "Live events per second with --follow (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--verbose", description = "Show the Kafka clients' and broker's own warnings.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!verbose) {
            DemoLogging.quietKafka();
        }
        Path workDir = Files.createTempDirectory("rare-egress-demo");
        FleetSpec fleet = FleetSpec.of(devices, days, eventsPerDevicePerDay, seed)
                .withEnd(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        try (Demo demo = new Demo(config, workDir, System.out)) {
            demo.start();
            demo.streamHistory(fleet);
            demo.awaitProcessed(Duration.ofMinutes(30));
            demo.printTable();
            if (follow) {
                demo.followLive(fleet, rate);
            }
        } finally {
            Replay.deleteRecursively(workDir);
        }
        return 0;
    }
}
