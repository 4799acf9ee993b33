package org.rareegress.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The planted tools' events over the history, bucketed by hour so the simulator can merge them into
 * each hour's background, and the truth counted from exactly those events. What each event does
 * (flow, target, ports) is a pure function of tool, device and time, so the truth and the rows agree.
 */
final class Planted {
    /** In-hour sort keys: tick within the hour, then device, then tool number + 1 (0 is background). */
    static final int DEVICE_SHIFT = 7;
    static final int TICK_SHIFT = 27;

    final List<ToolPlan> plans;
    private final long seed;
    private final long[] keys;
    private final int[] hourStart;
    private final List<PlantedTool> truth = new ArrayList<>();
    private final List<int[]> devicesByTool = new ArrayList<>();

    Planted(FleetSpec spec, Fleet fleet, Rng root, long startTick) {
        this.seed = spec.seed();
        List<ToolPlan> all = new ArrayList<>(PlantedCatalog.build(root.fork(4)));
        if (spec.dimensionCases()) {
            // Appended, from a fork of their own: the seed's tools keep their numbers and draws.
            all.addAll(DimensionCatalog.build(root.fork(8)));
        }
        this.plans = List.copyOf(all);
        int hours = spec.days() * 24;
        List<ToolSchedule.Events> perTool = new ArrayList<>();
        int[] counts = new int[hours + 1];
        for (int t = 0; t < plans.size(); t++) {
            ToolSchedule.Events events = ToolSchedule.events(plans.get(t), fleet, root.fork(100 + t), startTick,
                    spec.days());
            perTool.add(events);
            devicesByTool.add(java.util.Arrays.stream(events.devices()).distinct().sorted().toArray());
            for (long tick : events.ticks()) {
                counts[(int) ((tick - startTick) / RowWriter.TICKS_PER_HOUR)]++;
            }
            if (events.ticks().length > 0) {
                truth.add(truthOf(t, events, fleet));
            }
        }
        this.hourStart = new int[hours + 1];
        for (int h = 0; h < hours; h++) {
            hourStart[h + 1] = hourStart[h] + counts[h];
        }
        this.keys = new long[hourStart[hours]];
        int[] fill = hourStart.clone();
        for (int t = 0; t < perTool.size(); t++) {
            ToolSchedule.Events events = perTool.get(t);
            for (int i = 0; i < events.ticks().length; i++) {
                long offset = events.ticks()[i] - startTick;
                int hour = (int) (offset / RowWriter.TICKS_PER_HOUR);
                keys[fill[hour]++] = (offset % RowWriter.TICKS_PER_HOUR) << TICK_SHIFT
                        | (long) events.devices()[i] << DEVICE_SHIFT | (t + 1);
            }
        }
    }

    List<PlantedTool> truth() {
        return List.copyOf(truth);
    }

    /** The devices tool {@code tool} ran on in the history. */
    int[] devicesOf(int tool) {
        return devicesByTool.get(tool).clone();
    }

    long events() {
        return keys.length;
    }

    /** Copies the keys of hour {@code hour} into {@code into} at {@code at}; returns how many. */
    int copyHour(int hour, long[] into, int at) {
        int count = hourStart[hour + 1] - hourStart[hour];
        System.arraycopy(keys, hourStart[hour], into, at, count);
        return count;
    }

    int countInHour(int hour) {
        return hourStart[hour + 1] - hourStart[hour];
    }

    /** The per-event generator of tool {@code tool}'s event on {@code device} at {@code tick}. */
    Rng eventRng(int tool, int device, long tick) {
        return new Rng(Rng.hash(seed ^ 0x5EED_7001L, (long) tool << 20 | device, tick));
    }

    private PlantedTool truthOf(int t, ToolSchedule.Events events, Fleet fleet) {
        ToolPlan plan = plans.get(t);
        Map<Integer, long[]> perDevice = new TreeMap<>();
        TreeSet<String> ips = new TreeSet<>();
        TreeSet<Integer> ports = new TreeSet<>();
        TreeSet<String> protocols = new TreeSet<>();
        TreeSet<String> actions = new TreeSet<>();
        TreeSet<String> names = new TreeSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < events.ticks().length; i++) {
            long tick = events.ticks()[i];
            int device = events.devices()[i];
            first = Math.min(first, tick);
            last = Math.max(last, tick);
            Rng rng = eventRng(t, device, tick);
            Flow flow = plan.app().flow(rng);
            ips.add(flow.targets().get(rng.nextInt(flow.targets().size())).ip());
            ports.add(flow.ports()[rng.nextInt(flow.ports().length)]);
            protocols.add(flow.protocol());
            actions.add(flow.action());
            names.add(plan.app().fileNames().get(spelling(t, device)));
            long[] seen = perDevice.computeIfAbsent(device, d -> new long[] {tick, tick, 0});
            seen[0] = Math.min(seen[0], tick);
            seen[1] = Math.max(seen[1], tick);
            seen[2]++;
        }
        List<PlantedTool.PlantedDevice> devices = new ArrayList<>();
        perDevice.entrySet().stream()
                .sorted((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0]))
                .forEach(e -> devices.add(new PlantedTool.PlantedDevice(fleet.devices.get(e.getKey()).deviceId(),
                        fleet.devices.get(e.getKey()).deviceName(), RowWriter.formatTicks(e.getValue()[0]),
                        RowWriter.formatTicks(e.getValue()[1]), e.getValue()[2])));
        App app = plan.app();
        return new PlantedTool(plan.id(), app.fileName().toLowerCase(java.util.Locale.ROOT), List.copyOf(names),
                plan.expect(), plan.why(), app.pieces().md5(), app.pieces().sha256(), devices.size(), devices,
                List.copyOf(ips), List.copyOf(ports), List.copyOf(protocols), List.copyOf(actions),
                events.ticks().length, RowWriter.formatTicks(first), RowWriter.formatTicks(last), plan.dimension());
    }

    /** Which spelling of its file name tool {@code tool} has on {@code device}: fixed per device. */
    int spelling(int tool, int device) {
        int spellings = plans.get(tool).app().fileNames().size();
        return spellings == 1 ? 0 : (int) Long.remainderUnsigned(Rng.hash(seed, tool, device), spellings);
    }
}
