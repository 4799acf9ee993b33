package org.rareegress.alert;

import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertIds;

/**
 * The id of the alert episode an alert belongs to: its NEW_RARE, the UPDATEDs that follow and its
 * NO_LONGER_RARE share it (OCSF {@code finding_info.uid}, ECS {@code rare_egress.episode_id}). It is a
 * name-based UUID of the process and its {@code FirstSeen}, the first kept event of the process while the
 * detector holds state for it, so it comes from the alert's own content like {@code AlertId}. A process that
 * turns rare again before its state empties (it reached the threshold, then devices left the window) keeps
 * its {@code FirstSeen}, so that second NEW_RARE reopens the same id.
 */
public final class Episode {
    private Episode() {
    }

    public static String id(Alert alert) {
        return AlertIds.nameBased("episode", alert.process(), String.valueOf(alert.facts().firstSeen()));
    }
}
