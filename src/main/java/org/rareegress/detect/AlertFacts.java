package org.rareegress.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The facts a published alert showed; an event alerts again only if it adds one of these. */
public record AlertFacts(Set<String> deviceIds, Set<String> hashes, Set<Integer> ports) {

    /** The facts an alert showed, from its row. */
    static AlertFacts shownIn(HuntRow facts) {
        Set<String> deviceIds = new HashSet<>();
        facts.devices().forEach(device -> deviceIds.add(device.deviceId()));
        return new AlertFacts(Set.copyOf(deviceIds), Set.copyOf(facts.hashes()), Set.copyOf(facts.ports()));
    }

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

        /** What is new, as an UPDATED alert's {@code Trigger.New} names it. */
        public List<String> names() {
            List<String> what = new ArrayList<>(3);
            if (newDevice) {
                what.add("Device");
            }
            if (newHash) {
                what.add("Hash");
            }
            if (newPort) {
                what.add("Port");
            }
            return what;
        }
    }
}
