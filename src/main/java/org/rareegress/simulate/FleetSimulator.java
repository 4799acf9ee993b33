package org.rareegress.simulate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A synthetic fleet of Windows devices emitting Defender DeviceNetworkEvents rows, deterministic
 * from {@link FleetSpec#seed()}.
 *
 * <pre>{@code
 * FleetSimulator simulator = new FleetSimulator(new FleetSpec(40, 35, 500, 7, end, Duration.ZERO));
 * simulator.writeJsonLines(out);                     // JSON lines, in time order
 * simulator.generate((row, length, ticks, deviceId) -> ...);  // or each row as bytes
 * simulator.truth();                                 // what was planted, for checks and demos
 * }</pre>
 *
 * Each 24-hour slot of the history, every device emits exactly {@code eventsPerDevicePerDay}
 * background events, spread over the day (office hours for workstations, flat for servers); the
 * planted tools' events come on top. Generation runs an hour at a time: draw every event's time as
 * a sortable long, sort, render. Memory stays at one hour of keys, whatever the history's length.
 * {@link #generate} may be called again and gives the same events.
 */
public final class FleetSimulator {
    private static final int[] WORKSTATION_HOURS = {1, 1, 1, 1, 1, 1, 2, 4, 9, 10, 10, 10, 7, 9, 10, 10, 9, 6, 4, 3, 2, 2, 1, 1};
    private static final long DEVICE_MASK = (1L << (Planted.TICK_SHIFT - Planted.DEVICE_SHIFT)) - 1;
    private static final int TOOL_MASK = (1 << Planted.DEVICE_SHIFT) - 1;
    private static final int BACKGROUND_APP_KEY = 0;
    private static final int PLANTED_APP_KEY = 1000;

    private final FleetSpec spec;
    private final long startTick;
    private final Fleet fleet;
    private final Planted planted;

    /** What one {@link #generate} call produced. */
    public record Result(long events, long plantedEvents, long rowBytes) {
    }

    public FleetSimulator(FleetSpec spec) {
        this.spec = spec;
        this.startTick = spec.start().getEpochSecond() * RowWriter.TICKS_PER_SECOND + spec.start().getNano() / 100;
        Rng root = new Rng(spec.seed());
        this.fleet = new Fleet(spec, root);
        this.planted = new Planted(spec, fleet, root, startTick);
    }

    public FleetSpec spec() {
        return spec;
    }

    /** The planted tools with events in this history, counted from the events generated. */
    public List<PlantedTool> truth() {
        return planted.truth();
    }

    /** Events a full {@link #generate} delivers: background plus planted. */
    public long totalEvents() {
        return spec.backgroundEvents() + planted.events();
    }

    /** The Azure AD tenant the envelopes name, drawn from the seed. */
    public String tenantId() {
        return Fleet.uuid(new Rng(spec.seed()).fork(9));
    }

    /** The fleet's own event rate: devices times events per device per day, spread over a day. */
    public double naturalRate() {
        return Math.max(1.0, spec.backgroundEvents() / (spec.days() * 86_400.0));
    }

    /**
     * After the history: events stamped with {@code clock}'s current time, {@code eventsPerSecond}
     * background events a second plus the planted tools still running at the end of the history,
     * until {@code stop} returns true (checked between batches).
     */
    public Result live(EventSink sink, double eventsPerSecond, Clock clock, BooleanSupplier stop) throws IOException {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("the live rate must be positive, got " + eventsPerSecond);
        }
        return new LiveFeed(spec, fleet, planted).run(sink, eventsPerSecond, clock, stop);
    }

    /** Writes every event as one JSON line. Does not close {@code out}. */
    public Result writeJsonLines(OutputStream out) throws IOException {
        OutputStream buffered = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        Result result = generate((row, length, ticks, deviceId) -> {
            buffered.write(row, 0, length);
            buffered.write('\n');
        });
        buffered.flush();
        return result;
    }

    /** Delivers every event of the history to {@code sink}: in time order, or shuffled within {@link FleetSpec#disorder()}. */
    public Result generate(EventSink sink) throws IOException {
        Rng rng = new Rng(spec.seed()).fork(5);
        DisorderBuffer disorder = spec.disorder().isZero() ? null
                : new DisorderBuffer(sink, spec.disorder().toNanos() / 100, new Rng(spec.seed()).fork(6));
        EventSink target = disorder == null ? sink : disorder;
        RowRenderer renderer = new RowRenderer(spec.seed(), fleet.devices.size(), 1_000);
        RowWriter writer = new RowWriter();
        int devices = fleet.devices.size();
        int perDay = spec.eventsPerDevicePerDay();
        int firstHourOfDay = (int) (Math.floorMod(startTick, RowWriter.TICKS_PER_DAY) / RowWriter.TICKS_PER_HOUR);
        int[] workstationSlots = cumulative(WORKSTATION_HOURS, firstHourOfDay);
        int[] serverSlots = cumulative(new int[24], firstHourOfDay);
        int[] counts = new int[devices * 24];
        long[] keys = new long[1024];
        long events = 0;
        long bytes = 0;
        for (int day = 0; day < spec.days(); day++) {
            Arrays.fill(counts, 0);
            for (int d = 0; d < devices; d++) {
                int[] slots = fleet.devices.get(d).isServer() ? serverSlots : workstationSlots;
                for (int k = 0; k < perDay; k++) {
                    counts[d * 24 + draw(slots, rng)]++;
                }
            }
            for (int slot = 0; slot < 24; slot++) {
                int hour = day * 24 + slot;
                int size = planted.countInHour(hour);
                for (int d = 0; d < devices; d++) {
                    size += counts[d * 24 + slot];
                }
                if (keys.length < size) {
                    keys = new long[Math.max(size, keys.length * 2)];
                }
                int n = 0;
                for (int d = 0; d < devices; d++) {
                    for (int c = counts[d * 24 + slot]; c > 0; c--) {
                        keys[n++] = rng.nextLong(RowWriter.TICKS_PER_HOUR) << Planted.TICK_SHIFT | (long) d << Planted.DEVICE_SHIFT;
                    }
                }
                n += planted.copyHour(hour, keys, n);
                Arrays.sort(keys, 0, n);
                long hourStart = startTick + hour * RowWriter.TICKS_PER_HOUR;
                for (int i = 0; i < n; i++) {
                    long key = keys[i];
                    long tick = hourStart + (key >>> Planted.TICK_SHIFT);
                    Device device = fleet.devices.get((int) ((key >>> Planted.DEVICE_SHIFT) & DEVICE_MASK));
                    int tool = (int) (key & TOOL_MASK);
                    if (tool == 0) {
                        int a = device.drawApp(rng);
                        App app = fleet.app(device.apps()[a]);
                        renderer.render(writer, tick, device, app, device.spellings()[a], app.flow(rng), rng,
                                BACKGROUND_APP_KEY + device.apps()[a]);
                    } else {
                        renderPlanted(renderer, writer, tick, device, tool - 1);
                    }
                    target.event(writer.buffer(), writer.length(), tick, device.pieces().key());
                    events++;
                    bytes += writer.length();
                }
            }
        }
        if (disorder != null) {
            disorder.drain();
        }
        return new Result(events, planted.events(), bytes);
    }

    private void renderPlanted(RowRenderer renderer, RowWriter writer, long tick, Device device, int tool) {
        App app = planted.plans.get(tool).app();
        Rng rng = planted.eventRng(tool, device.index(), tick);
        Flow flow = app.flow(rng);
        renderer.render(writer, tick, device, app, planted.spelling(tool, device.index()), flow, rng,
                PLANTED_APP_KEY + tool);
    }

    /** Cumulative weights of the 24 hour-slots of a day starting at UTC hour {@code firstHour}; zero weights mean flat. */
    private static int[] cumulative(int[] byHourOfDay, int firstHour) {
        int[] cumulative = new int[24];
        int total = 0;
        for (int slot = 0; slot < 24; slot++) {
            total += Math.max(1, byHourOfDay[(firstHour + slot) % 24]);
            cumulative[slot] = total;
        }
        return cumulative;
    }

    private static int draw(int[] cumulative, Rng rng) {
        int value = rng.nextInt(cumulative[23]);
        int slot = 0;
        while (cumulative[slot] <= value) {
            slot++;
        }
        return slot;
    }
}
