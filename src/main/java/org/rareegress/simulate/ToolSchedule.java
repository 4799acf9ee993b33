package org.rareegress.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** When one planted tool connects, on which devices: a jittered period per device between its start and stop. */
final class ToolSchedule {
    private static final long OFFICE_OPENS = 7;
    private static final long OFFICE_CLOSES = 19;

    /** Parallel arrays, in no particular order (the simulator sorts each hour). */
    record Events(long[] ticks, int[] devices) {
    }

    private ToolSchedule() {
    }

    static Events events(ToolPlan plan, Fleet fleet, Rng rng, long startTick, int days) {
        long span = days * RowWriter.TICKS_PER_DAY;
        long stop = startTick + (long) (plan.stop() * span);
        long period = plan.period().toNanos() / 100;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fleet.devices.size(); i++) {
            order.add(i);
        }
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, rng.nextInt(i + 1));
        }
        // People's tools go on people's machines when there are any; a roll-out reaches servers too.
        if (!plan.isRollout()) {
            order.sort((a, b) -> Boolean.compare(fleet.devices.get(a).isServer(), fleet.devices.get(b).isServer()));
        }
        int count = plan.deviceCount(fleet.devices.size());
        Growing ticks = new Growing();
        Growing devices = new Growing();
        for (int n = 0; n < count; n++) {
            double from = n == 0 || !plan.isRollout() ? plan.start()
                    : plan.rolloutFrom() + rng.nextDouble() * (plan.rolloutTo() - plan.rolloutFrom());
            long t = startTick + (long) (from * span) + rng.nextLong(Math.max(1, period));
            while (t < stop) {
                if (!plan.officeHours() || inOfficeHours(t)) {
                    ticks.add(t);
                    devices.add(order.get(n));
                }
                double factor = 1 + plan.jitter() * (2 * rng.nextDouble() - 1);
                t += Math.max(1, (long) (period * factor));
            }
        }
        long[] deviceIndexes = devices.toArray();
        int[] asInts = new int[deviceIndexes.length];
        for (int i = 0; i < asInts.length; i++) {
            asInts[i] = (int) deviceIndexes[i];
        }
        return new Events(ticks.toArray(), asInts);
    }

    static boolean inOfficeHours(long tick) {
        long hour = Math.floorMod(tick, RowWriter.TICKS_PER_DAY) / RowWriter.TICKS_PER_HOUR;
        return hour >= OFFICE_OPENS && hour < OFFICE_CLOSES;
    }

    /** A growable long array: planted tools can run to a few hundred thousand events. */
    private static final class Growing {
        private long[] values = new long[256];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
