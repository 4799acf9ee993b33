package org.rareegress.runtime;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the detector against a Kafka cluster, until SIGTERM or a fatal error. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the detector on a Kafka cluster (kafka.* keys go to the clients: SASL/SSL, Event Hubs…),",
                "with HTTP /live, /ready, /metrics and /rare-processes on http.port, and /live and /ready alone",
                "on http.probe-port (for the orchestrator's probes).",
                "On SIGTERM it commits and closes within shutdown.timeout (the JVM then exits 143, as for any",
                "SIGTERM); after a fatal error it exits 1 so an orchestrator restarts it."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = config.load();
        DetectorService service = DetectorService.start(settings, Clock.systemUTC());
        Thread hook = new Thread(service::close, "rare-egress-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = service.awaitTermination();
        if (failed) {
            service.close();
            return 1;
        }
        return 0;
    }
}
