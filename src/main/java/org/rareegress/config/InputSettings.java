package org.rareegress.config;

import java.time.Duration;
import org.rareegress.event.InputFormat;

/**
 * How raw records are read: the format (or {@code auto}) and the limits that guard the parser.
 *
 * @param sysmonProcessTtl        how long (event time) a Sysmon process creation is remembered for joining
 * @param sysmonProcessMaxEntries how many process creations a task remembers at most
 * @param idleTimeout             how long a caught-up source may deliver nothing (wall clock) before it stops
 *                                holding the event-time watermark back
 */
public record InputSettings(InputFormat format, int maxRecordBytes, Duration maxFutureSkew, Duration sysmonProcessTtl,
                            long sysmonProcessMaxEntries, Duration idleTimeout) {
    public static final Duration DEFAULT_SYSMON_PROCESS_TTL = Duration.ofDays(7);
    public static final long DEFAULT_SYSMON_PROCESS_MAX_ENTRIES = 1_000_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    /** The join bounds and the idle timeout at their defaults. */
    public InputSettings(InputFormat format, int maxRecordBytes, Duration maxFutureSkew) {
        this(format, maxRecordBytes, maxFutureSkew, DEFAULT_SYSMON_PROCESS_TTL, DEFAULT_SYSMON_PROCESS_MAX_ENTRIES,
                DEFAULT_IDLE_TIMEOUT);
    }
}
