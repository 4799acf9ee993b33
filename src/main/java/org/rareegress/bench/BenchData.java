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

    /** A file given with {@code --input}: its lines stand for the events (rows 1-3 count what they read). */
    static BenchData existing(Path file) throws IOException {
        long lines = 0;
        long bytes = 0;
        int last = '\n';
        byte[] buffer = new byte[1 << 16];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (n > 0) {
                    last = buffer[n - 1];
                }
                bytes += n;
            }
        }
        return new BenchData(file, last == '\n' ? lines : lines + 1, bytes, null, null, new Measured(0, 0, 0));
    }

    double bytesPerEvent() {
        return events == 0 ? 0 : (double) bytes / events;
    }
}
