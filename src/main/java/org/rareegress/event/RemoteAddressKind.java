package org.rareegress.event;

/** What the event's RemoteIP turned out to be. */
public enum RemoteAddressKind {
    ABSENT,
    IPV4,
    /** {@code ::ffff:a.b.c.d}: an IPv4 peer seen through a dual-stack socket; it counts as IPv4. */
    IPV4_MAPPED,
    IPV6
}
