package org.rareegress.simulate;

import java.time.Duration;

/**
 * How one planted tool behaves over the history. Times are fractions of the history, so the same
 * story plays out over 3 days or 60.
 *
 * @param devices       how many devices run it (capped at the fleet size); for a roll-out, the least
 *                      number it reaches
 * @param start         when it first runs, as a fraction of the history
 * @param stop          when it last runs
 * @param period        mean time between its connections on one device
 * @param jitter        each gap is {@code period * (1 ± jitter)}, uniformly
 * @param officeHours   only connects 07:00-19:00 UTC (a person at a keyboard), else around the clock
 * @param rolloutFrom   for a roll-out: after the first device (from {@code start}), the others start
 *                      between {@code rolloutFrom} and {@code rolloutTo}; NaN when it is no roll-out
 * @param rolloutShare  for a roll-out: the share of the fleet it reaches
 * @param dimension     the rarity dimension {@code expect} speaks of ({@code process-port}...); null for the
 *                      seed's {@code process}
 */
record ToolPlan(String id, App app, PlantedTool.Expect expect, String why, int devices, double start, double stop,
                Duration period, double jitter, boolean officeHours, double rolloutFrom, double rolloutTo,
                double rolloutShare, String dimension) {

    static ToolPlan steady(String id, App app, PlantedTool.Expect expect, String why, int devices, double start,
                           double stop, Duration period, double jitter, boolean officeHours) {
        return new ToolPlan(id, app, expect, why, devices, start, stop, period, jitter, officeHours, Double.NaN,
                Double.NaN, 0, null);
    }

    static ToolPlan rollout(String id, App app, String why, int minDevices, double pilotStart, double from, double to,
                            double share, Duration period, double jitter) {
        return new ToolPlan(id, app, PlantedTool.Expect.NO_LONGER_RARE, why, minDevices, pilotStart, 1.0, period,
                jitter, false, from, to, share, null);
    }

    /** This plan's expectation stated for a refined {@code dimension} rather than for the seed's. */
    ToolPlan expecting(PlantedTool.Expect newExpect, String newDimension) {
        return new ToolPlan(id, app, newExpect, why, devices, start, stop, period, jitter, officeHours, rolloutFrom,
                rolloutTo, rolloutShare, newDimension);
    }

    boolean isRollout() {
        return !Double.isNaN(rolloutFrom);
    }

    /** How many devices run it in a fleet of {@code fleetSize}. */
    int deviceCount(int fleetSize) {
        int wanted = isRollout() ? (int) Math.max(Math.round(rolloutShare * fleetSize), devices) : devices;
        return Math.min(wanted, fleetSize);
    }
}
