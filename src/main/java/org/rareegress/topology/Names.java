package org.rareegress.topology;

/**
 * Every node, store and internal topic of the topology. These names are part of the running
 * application's identity: store and repartition names become changelog and internal topic names,
 * so renaming one orphans state. Change them only with a migration note (docs/operations.md, "Upgrading").
 */
public final class Names {
    public static final String READ_NETWORK_EVENTS = "read-network-events";
    public static final String PARSE_NETWORK_EVENTS = "parse-network-events";
    public static final String KEEP_EGRESS_CANDIDATES = "keep-egress-candidates";
    public static final String ROUTE_SCREENED = "route-screened-";
    public static final String DEAD_LETTERS_BRANCH = "dead-letters";
    public static final String CANDIDATES_BRANCH = "candidates";
    public static final String FORMAT_DEAD_LETTERS = "format-dead-letters";
    public static final String WRITE_DEAD_LETTERS = "write-dead-letters";
    public static final String UNWRAP_CANDIDATES = "unwrap-candidates";
    /** The repartition topic is {@code <application.id>-process-candidates-repartition}. */
    public static final String REPARTITION_BY_PROCESS = "process-candidates";
    public static final String ORDER_BY_EVENT_TIME = "order-by-event-time";
    public static final String TRACK_PROCESS_PREVALENCE = "track-process-prevalence";
    /** Drops the alerts an allowlist rule silences (counted per rule) and marks the rows it silences. */
    public static final String APPLY_ALLOWLIST = "apply-allowlist";
    public static final String ROUTE_OUTPUTS = "route-outputs-";
    public static final String ALERTS_BRANCH = "alerts";
    public static final String ROWS_BRANCH = "rows";
    public static final String ENRICH_ALERTS = "enrich-alerts";
    public static final String WRITE_ALERTS = "write-alerts";
    public static final String ENRICH_RARE_PROCESSES = "enrich-rare-processes";
    public static final String WRITE_RARE_PROCESSES = "write-rare-processes";
    /** The processor that validates the allowlist topic's records into the global store (its source: + "-source"). */
    public static final String LOAD_ALLOWLIST_RULES = "load-allowlist-rules";

    /**
     * The allowlist: RuleId to the rule's JSON, valid rules only. A global store, in memory and rebuilt from the
     * allowlist topic at every start, so it has no changelog and no local state to migrate.
     */
    public static final String ALLOWLIST_STORE = "allowlist-store";
    /** Process name to {@link org.rareegress.detect.ProcessState}. */
    public static final String PROCESS_PREVALENCE_STORE = "process-prevalence-store";
    /** Due time, kind and process name of each scheduled expiry check or confirmation. */
    public static final String EXPIRY_SCHEDULE_STORE = "expiry-schedule-store";
    /** The task's stream time and first kept event time. */
    public static final String TASK_CLOCK_STORE = "task-clock-store";
    /**
     * What bounds the tracker on a task: its processes by last-seen time and their count
     * ({@code detector.max-tracked-processes}), and the current storm window ({@code alert.storm-*}).
     */
    public static final String TRACKER_BOUNDS_STORE = "tracker-bounds-store";
    /** Kept events waiting for the event-time watermark, by Timestamp then input offset. */
    public static final String HELD_EVENTS_STORE = "held-events-store";
    /** What each source (input partition or file) has reported, and the released watermark. */
    public static final String SOURCE_PROGRESS_STORE = "source-progress-store";
    /**
     * Sysmon process creations (EID 1) by host and ProcessGuid, for joining network events (EID 3) with
     * their hashes and command line; bounded by input.sysmon-process-ttl and -max-entries.
     */
    public static final String SYSMON_PROCESS_STORE = "sysmon-process-store";

    /** Keys of {@value #TASK_CLOCK_STORE}: the task's stream time and its first kept event time (ns). */
    public static final String STREAM_TIME_KEY = "stream-time";
    public static final String FIRST_KEPT_KEY = "first-kept";
    /** Keys of {@value #TASK_CLOCK_STORE}: the threshold and window (ns) the task's state was built with. */
    public static final String THRESHOLD_KEY = "threshold";
    public static final String WINDOW_KEY = "window-nanos";
    /**
     * Key of {@value #TASK_CLOCK_STORE}: the version of the detection semantics the state was built under.
     * Version 2 processes kept events in event-time order; state of version 1 is refused at start.
     */
    public static final String SEMANTICS_KEY = "semantics-version";
    public static final long SEMANTICS_VERSION = 2;

    /**
     * Header of a backtest record that packs many lines of one file ({@link LineBatch}); its value is
     * the file name, which replaces the topic offset in the events' coordinates.
     */
    public static final String FILE_BATCH_HEADER = "rare-egress.file-batch";
    /**
     * With {@link #FILE_BATCH_HEADER}: the lines of the batch are input the file reader could not turn into
     * records (a bad CSV row), and this is why; each becomes a dead letter with that reason.
     */
    public static final String SOURCE_ERROR_HEADER = "rare-egress.source-error";
    /**
     * Header of a backtest control record: the named file (every file, when empty) has been fed to its
     * end, so it stops holding the event-time watermark back. Honoured, like the batch header, only in a
     * topology built for a backtest.
     */
    public static final String SOURCE_FINISHED_HEADER = "rare-egress.source-finished";

    private Names() {
    }
}
