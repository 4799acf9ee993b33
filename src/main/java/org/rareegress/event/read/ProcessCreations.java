package org.rareegress.event.read;


/**
 * The process creations a reader has seen, by device and process id (Sysmon's {@code ProcessGuid}),
 * so a network event can be joined with the hashes and command line of its process. Backed by a
 * Kafka state store in the topology and by memory in tests; bounded by the implementation.
 */
public interface ProcessCreations {

    /** Remembers a process created at {@code timeNanos} (event time). */
    void put(String deviceId, String processId, ProcessCreation creation, long timeNanos);

    /** The process's creation as seen before an event at {@code timeNanos}, or null when unknown or expired. */
    ProcessCreation get(String deviceId, String processId, long timeNanos);
}
