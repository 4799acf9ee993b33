package org.rareegress.simulate;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The fleet after its history: background events at a steady rate, each stamped with the clock's
 * current time, and the planted tools still running at the end of the history carrying on at
 * their own periods. No disorder: the time is now, and the event leaves now.
 */
final class LiveFeed {
    private static final long MAX_WAIT_NANOS = 50_000_000L;

    private final Fleet fleet;
    private final Planted planted;
    private final RowRenderer renderer;
    private final Rng rng;
    private final RowWriter writer = new RowWriter();
    /** One running planted tool on one device: when it connects next. */
    private final List<long[]> streams = new ArrayList<>();

    LiveFeed(FleetSpec spec, Fleet fleet, Planted planted) {
        this.fleet = fleet;
        this.planted = planted;
        // ReportIds continue far above the history's, so the two never collide on a device.
        this.renderer = new RowRenderer(spec.seed(), fleet.devices.size(), 1L << 40);
        this.rng = new Rng(spec.seed()).fork(7);
        for (int t = 0; t < planted.plans.size(); t++) {
            if (planted.plans.get(t).stop() >= 1.0) {
                for (int device : planted.devicesOf(t)) {
                    streams.add(new long[] {t, device, Long.MIN_VALUE});
                }
            }
        }
    }

    FleetSimulator.Result run(EventSink sink, double eventsPerSecond, Clock clock, BooleanSupplier stop)
            throws IOException {
        long startTick = ticks(clock.instant());
        long last = startTick;
        long sent = 0;
        long plantedSent = 0;
        long bytes = 0;
        for (long[] stream : streams) {
            stream[2] = startTick + nextGap(planted.plans.get((int) stream[0]));
        }
        while (!stop.getAsBoolean()) {
            long now = Math.max(last, ticks(clock.instant()));
            long owed = (long) ((now - startTick) / (double) RowWriter.TICKS_PER_SECOND * eventsPerSecond) - sent;
            for (long[] stream : streams) {
                if (stream[2] <= now) {
                    ToolPlan plan = planted.plans.get((int) stream[0]);
                    if (!plan.officeHours() || ToolSchedule.inOfficeHours(now)) {
                        bytes += emitPlanted(sink, now, (int) stream[0], fleet.devices.get((int) stream[1]));
                        plantedSent++;
                    }
                    stream[2] = now + nextGap(plan);
                }
            }
            for (long i = 0; i < Math.min(owed, 1000); i++) {
                Device device = fleet.devices.get(rng.nextInt(fleet.devices.size()));
                int a = device.drawApp(rng);
                App app = fleet.app(device.apps()[a]);
                renderer.render(writer, now, device, app, device.spellings()[a], app.flow(rng), rng, device.apps()[a]);
                sink.event(writer.buffer(), writer.length(), now, device.pieces().key());
                sent++;
                bytes += writer.length();
            }
            last = now;
            if (owed <= 0) {
                long waitNanos = (long) (1e9 / eventsPerSecond);
                LockSupport.parkNanos(Math.min(waitNanos, MAX_WAIT_NANOS));
            }
        }
        return new FleetSimulator.Result(sent + plantedSent, plantedSent, bytes);
    }

    private int emitPlanted(EventSink sink, long now, int tool, Device device) throws IOException {
        App app = planted.plans.get(tool).app();
        Rng eventRng = planted.eventRng(tool, device.index(), now);
        renderer.render(writer, now, device, app, planted.spelling(tool, device.index()), app.flow(eventRng), eventRng,
                1000 + tool);
        sink.event(writer.buffer(), writer.length(), now, device.pieces().key());
        return writer.length();
    }

    private long nextGap(ToolPlan plan) {
        long period = plan.period().toNanos() / 100;
        return Math.max(1, (long) (period * (1 + plan.jitter() * (2 * rng.nextDouble() - 1))));
    }

    static long ticks(Instant instant) {
        return instant.getEpochSecond() * RowWriter.TICKS_PER_SECOND + instant.getNano() / 100;
    }
}
