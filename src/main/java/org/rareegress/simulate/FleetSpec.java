package org.rareegress.simulate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What fleet to simulate. Same spec, same bytes: everything random is drawn from {@code seed}.
 *
 * @param devices                  fleet size, 1 to {@value #MAX_DEVICES}
 * @param days                     length of the history, ending at {@code end}
 * @param eventsPerDevicePerDay    background events each device emits in each 24-hour slot of the
 *                                 history (planted tools come on top)
 * @param seed                     the one source of randomness
 * @param end                      exclusive end of the history; events lie in {@code [end - days, end)}
 * @param disorder                 bound of the local shuffling: an event is never emitted after one
 *                                 that is this much newer or more ({@link Duration#ZERO}: strict time order)
 * @param dimensionCases           also plant the stories of the refined dimensions ({@link DimensionCatalog}):
 *                                 off by default, so a spec without it gives the same bytes as before them
 */
public record FleetSpec(int devices, int days, int eventsPerDevicePerDay, long seed, Instant end, Duration disorder,
                        boolean dimensionCases) {
    /** Device indexes take 20 bits of the sort key in {@link FleetSimulator}. */
    public static final int MAX_DEVICES = (1 << 20) - 1;

    public FleetSpec {
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("devices must be from 1 to " + MAX_DEVICES + ", got " + devices);
        }
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("days must be from 1 to 3660, got " + days);
        }
        if (eventsPerDevicePerDay < 0 || eventsPerDevicePerDay > 1_000_000) {
            throw new IllegalArgumentException("events per device per day must be from 0 to 1000000, got " + eventsPerDevicePerDay);
        }
        if (end == null || end.isBefore(Instant.EPOCH.plus(Duration.ofDays(days + 1L)))) {
            throw new IllegalArgumentException("end must lie after 1970 plus the history, got " + end);
        }
        if (disorder == null || disorder.isNegative() || disorder.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("disorder must be from PT0S to P1D, got " + disorder);
        }
    }

    /** The seed's planted tools only. */
    public FleetSpec(int devices, int days, int eventsPerDevicePerDay, long seed, Instant end, Duration disorder) {
        this(devices, days, eventsPerDevicePerDay, seed, end, disorder, false);
    }

    /** A spec in strict time order ending now, truncated to the minute. */
    public static FleetSpec of(int devices, int days, int eventsPerDevicePerDay, long seed) {
        return new FleetSpec(devices, days, eventsPerDevicePerDay, seed, Instant.now().truncatedTo(ChronoUnit.MINUTES),
                Duration.ZERO);
    }

    public FleetSpec withEnd(Instant newEnd) {
        return new FleetSpec(devices, days, eventsPerDevicePerDay, seed, newEnd, disorder, dimensionCases);
    }

    public FleetSpec withDisorder(Duration newDisorder) {
        return new FleetSpec(devices, days, eventsPerDevicePerDay, seed, end, newDisorder, dimensionCases);
    }

    public FleetSpec withDimensionCases(boolean plant) {
        return new FleetSpec(devices, days, eventsPerDevicePerDay, seed, end, disorder, plant);
    }

    public Instant start() {
        return end.minus(Duration.ofDays(days));
    }

    /** Background events of the whole history (planted tools not included). */
    public long backgroundEvents() {
        return (long) devices * days * eventsPerDevicePerDay;
    }
}
