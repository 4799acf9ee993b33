package org.rareegress.event;

import java.time.Duration;

/**
 * How raw records are read: the format (or {@code auto}) and the limits that guard the parser.
 *
 * @param sysmonProcessTtl          how long (event time) a Sysmon process creation is remembered for joining
 * @param sysmonProcessMaxEntries   how many process creations a task remembers at most
 * @param maxDeadLettersPerRecord   dead letters written for one input record at most; the rest are counted in
 *                                  one more that says how many there were
 * @param idleTimeout               how long a caught-up source may deliver nothing (wall clock) before it stops
 *                                  holding the event-time watermark back
 */
public record InputSettings(InputFormat format, int maxRecordBytes, Duration maxFutureSkew, Duration sysmonProcessTtl,
                            long sysmonProcessMaxEntries, int maxDeadLettersPerRecord, Duration idleTimeout) {
    public static final Duration DEFAULT_SYSMON_PROCESS_TTL = Duration.ofDays(7);
    public static final long DEFAULT_SYSMON_PROCESS_MAX_ENTRIES = 1_000_000;
    public static final int DEFAULT_MAX_DEAD_LETTERS_PER_RECORD = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    /** The join bounds, the dead-letter cap and the idle timeout at their defaults. */
    public InputSettings(InputFormat format, int maxRecordBytes, Duration maxFutureSkew) {
        this(format, maxRecordBytes, maxFutureSkew, DEFAULT_SYSMON_PROCESS_TTL, DEFAULT_SYSMON_PROCESS_MAX_ENTRIES,
                DEFAULT_MAX_DEAD_LETTERS_PER_RECORD, DEFAULT_IDLE_TIMEOUT);
    }
}
