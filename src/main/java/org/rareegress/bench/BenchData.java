package org.rareegress.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.rareegress.simulate.Columns;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.FleetSpec;
import org.rareegress.simulate.JsonLinesSink;

/** The benchmark's input: a simulated fleet written once as a plain JSON-lines file that every row reads. */
record BenchData(Path file, long events, long bytes, FleetSpec spec, Columns columns, Measured generation) {
    /** A fixed end, so the same options give the same bytes on every machine and every day. */
    static final Instant END = Instant.parse("2024-06-01T00:00:00Z");

    static BenchData generate(Path file, int devices, int days, int perDay, long seed, Columns columns) throws IOException {
        FleetSpec spec = new FleetSpec(devices, days, perDay, seed, END, Duration.ZERO);
        FleetSimulator simulator = new FleetSimulator(spec);
        Measured.Start start = Measured.start();
        FleetSimulator.Result result;
        long bytes;
        try (JsonLinesSink sink = JsonLinesSink.open(file.toString(), false)) {
            result = simulator.generate(columns.project(sink));
        }
        bytes = java.nio.file.Files.size(file);
        return new BenchData(file, result.events(), bytes, spec, columns, start.stop());
    }

    double bytesPerEvent() {
        return events == 0 ? 0 : (double) bytes / events;
    }
}
