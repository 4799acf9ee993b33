package org.rareegress.alert;

import java.util.List;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.StormAlert;

/**
 * How urgent an alert is, from what it says alone (docs/alerts.md, "Severity"):
 * <ul>
 *   <li>NO_LONGER_RARE is {@link #INFORMATIONAL}: the process reached the threshold, the episode closes;</li>
 *   <li>otherwise rarity decides: on one device only {@link #HIGH} (the rarest a process can be: one
 *       machine's own tool or implant), on more (still fewer than the threshold) {@link #MEDIUM};</li>
 *   <li>one level lower when the only new fact is a port: a binary already shown, on devices already
 *       shown, talking on one more port;</li>
 *   <li>STORM is {@link #MEDIUM}: it stands for NEW_RARE alerts that were not published (High or Medium each),
 *       but a burst of new names is most often a rollout or a mis-mapped field, and every suppressed process
 *       stays in the table and alerts on its next event after the window.</li>
 * </ul>
 * Never Critical: rarity is a reason to look, not proof of compromise.
 *
 * @param ocsfId the OCSF {@code severity_id} (and ECS {@code event.severity}) of the level
 */
public enum Severity {
    INFORMATIONAL("Informational", 1),
    LOW("Low", 2),
    MEDIUM("Medium", 3),
    HIGH("High", 4);

    private final String label;
    private final int ocsfId;

    Severity(String label, int ocsfId) {
        this.label = label;
        this.ocsfId = ocsfId;
    }

    /** As Defender writes severities: {@code Informational}, {@code Low}, {@code Medium}, {@code High}. */
    public String label() {
        return label;
    }

    public int ocsfId() {
        return ocsfId;
    }

    /** A severity and the sentence that says why. */
    public record Assessment(Severity severity, String reason) {
    }

    public static Assessment of(Alert alert) {
        int devices = alert.facts().deviceCount();
        int threshold = alert.facts().threshold();
        if (alert.type() == AlertType.NO_LONGER_RARE) {
            return new Assessment(INFORMATIONAL, "Informational: the process reached the threshold (" + devices
                    + " devices, threshold " + threshold + "), it is no longer rare; this closes its alert episode");
        }
        List<String> newFacts = alert.trigger().newFacts();
        String seen = devices == 1
                ? "seen on 1 device only (threshold " + threshold + ")"
                : "seen on " + devices + " devices (threshold " + threshold + ")";
        Severity byRarity = devices == 1 ? HIGH : MEDIUM;
        if (newFacts.equals(List.of("Port"))) {
            Severity lowered = byRarity == HIGH ? MEDIUM : LOW;
            return new Assessment(lowered, lowered.label + ": " + seen
                    + "; only a new port, of a binary already shown on these devices");
        }
        return new Assessment(byRarity, byRarity.label + ": " + seen + "; new: " + String.join(", ", newFacts));
    }

    public static Assessment of(StormAlert storm) {
        return new Assessment(MEDIUM, MEDIUM.label + ": " + storm.suppressed() + " NEW_RARE suppressed in one storm window"
                + " past the threshold of " + storm.stormThreshold() + " (alert.storm-threshold); a rollout, a mis-mapped"
                + " field, or a flood of names that may hide a rare process: look at what they share");
    }
}
