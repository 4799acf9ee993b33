package org.rareegress.topology;

import org.rareegress.detect.Candidate;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;

/** What flows between the first nodes: an event, a kept candidate, or input for the dead-letter topic. */
sealed interface Screened {

    record Event(NetworkEvent event) implements Screened {
    }

    record Kept(Candidate candidate) implements Screened {
    }

    record Rejected(DeadLetter deadLetter) implements Screened {
    }
}
