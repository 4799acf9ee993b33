package org.rareegress.detect;

/**
 * What the filter made of one event: kept, dropped by the first clause it fails (counted by
 * reason), or rejected because a field the hunt needs is missing on an otherwise candidate event
 * (sent to the dead-letter path).
 */
public enum FilterOutcome {
    KEPT("kept", Kind.KEPT),
    PROTOCOL("protocol", Kind.DROPPED),
    ACTION_TYPE("action-type", Kind.DROPPED),
    REMOTE_IP_TYPE("remote-ip-type", Kind.DROPPED),
    REMOTE_URL("remote-url", Kind.DROPPED),
    NOT_IPV4("not-ipv4", Kind.DROPPED),
    EXCLUDED_NETWORK("excluded-network", Kind.DROPPED),
    PROCESS_SUFFIX("process-suffix", Kind.DROPPED),
    EXCLUDED_PROCESS("excluded-process", Kind.DROPPED),
    EXCLUDED_PORT("excluded-port", Kind.DROPPED),
    MISSING_REMOTE_IP("RemoteIP is missing on a candidate event", Kind.REJECTED),
    MISSING_PROCESS("InitiatingProcessFileName is missing on a candidate event", Kind.REJECTED),
    MISSING_PORT("RemotePort is missing on a candidate event", Kind.REJECTED);

    public enum Kind { KEPT, DROPPED, REJECTED }

    private final String label;
    private final Kind kind;

    FilterOutcome(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    /** For drops, the metric tag; for rejections, the dead-letter reason. */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }
}
