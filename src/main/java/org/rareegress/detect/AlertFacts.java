package org.rareegress.detect;

import java.util.Set;

/** The facts a published alert showed; an event alerts again only if it adds one of these. */
public record AlertFacts(Set<String> deviceIds, Set<String> hashes, Set<Integer> ports) {

    /** What {@code candidate} adds to these facts, or an empty trigger when nothing. */
    public Trigger newIn(Candidate candidate) {
        return new Trigger(
                !deviceIds.contains(candidate.deviceId()),
                candidate.md5() != null && !hashes.contains(candidate.md5()),
                !ports.contains(candidate.remotePort()));
    }

    /** Which kinds of fact an event added. */
    public record Trigger(boolean newDevice, boolean newHash, boolean newPort) {
        public boolean any() {
            return newDevice || newHash || newPort;
        }
    }
}
