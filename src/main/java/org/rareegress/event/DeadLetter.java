package org.rareegress.event;

/**
 * Input that could not be used: the reason in words a person can act on, where it came from, and
 * the raw bytes as read (the whole record, or the part of an envelope that was bad).
 */
public record DeadLetter(String reason, SourceRef source, RawSlice raw) {
}
