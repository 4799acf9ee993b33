package org.rareegress.runtime.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rareegress.config.ConfigOptions;
import org.rareegress.runtime.replay.Replay;
import org.rareegress.simulate.FleetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: the whole product on one machine, no setup. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a local Kafka broker, creates the topics, streams a simulated fleet of several weeks",
                "through the detector, prints each alert as it arrives and the final hunt table, then exits 0.",
                "--follow keeps the fleet and the detector running (Ctrl-C to stop).",
                "With detector.dimensions naming more than process (--set detector.dimensions=process,process-port,"
                        + "process-hash), the fleet also carries the dimension cases (simulate --dimension-cases)."})
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

    @Option(names = "--end", paramLabel = "INSTANT",
            description = "When the simulated history ends, e.g. 2026-01-01T00:00:00Z (default: now, to the minute). "
                    + "With the same seed and end, every run raises the same alerts.")
    Instant end;

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
                .withEnd(end != null ? end : Instant.now().truncatedTo(ChronoUnit.MINUTES));
        Demo demo = new Demo(config, workDir, System.out);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        // Ctrl-C asks the phases to stop; the hook then waits for the main thread's clean-up (clients,
        // broker, temporary directory) rather than for the main thread itself, which System.exit blocks.
        Thread hook = new Thread(() -> {
            demo.requestStop();
            try {
                cleanedUp.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rare-egress-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            demo.streamHistory(fleet);
            demo.awaitProcessed(Duration.ofMinutes(30));
            demo.printTable();
            if (follow) {
                demo.followLive(fleet, rate);
            }
            return 0;
        } catch (Demo.Stopped stopped) {
            System.out.println("demo stopped");
            return 130;
        } finally {
            demo.close();
            Replay.deleteRecursively(workDir);
            cleanedUp.countDown();
        }
    }
}
