package org.rareegress.order;

import java.util.Comparator;
import org.rareegress.detect.Candidate;

/**
 * Event-time order of kept events: ascending Timestamp, then the event's content (DeviceId, RemoteIP,
 * RemotePort, process name, MD5, command line, then the remaining fields), so that the order never
 * depends on where or when an event was read. Events equal in every field are duplicates and
 * interchangeable; where they were read from ({@link Candidate#source()}) is deliberately not compared.
 */
public final class CandidateOrder {
    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());

    /** The whole order, timestamp first. */
    public static final Comparator<Candidate> EVENT_TIME = Comparator.comparingLong(Candidate::timestampNanos)
            .thenComparing(CandidateOrder::compareContent);

    private CandidateOrder() {
    }

    /** The tie-break between events of one Timestamp. */
    public static int compareContent(Candidate a, Candidate b) {
        int order = TEXT.compare(a.deviceId(), b.deviceId());
        if (order == 0) {
            order = Integer.compareUnsigned(a.remoteIpv4(), b.remoteIpv4());
        }
        if (order == 0) {
            order = Integer.compare(a.remotePort(), b.remotePort());
        }
        if (order == 0) {
            order = TEXT.compare(a.processFileName(), b.processFileName());
        }
        if (order == 0) {
            order = TEXT.compare(a.md5(), b.md5());
        }
        if (order == 0) {
            order = TEXT.compare(a.commandLine(), b.commandLine());
        }
        if (order == 0) {
            order = TEXT.compare(a.sha256(), b.sha256());
        }
        if (order == 0) {
            order = TEXT.compare(a.deviceName(), b.deviceName());
        }
        if (order == 0) {
            order = TEXT.compare(a.folderPath(), b.folderPath());
        }
        return order;
    }
}
