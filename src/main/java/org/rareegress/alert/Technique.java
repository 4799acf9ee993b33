package org.rareegress.alert;

/**
 * A MITRE ATT&CK technique and the tactic it serves here, with their pages on attack.mitre.org.
 *
 * @param id         technique id, e.g. {@code T1571}
 * @param tacticId   the tactic this rule reports it under, e.g. {@code TA0011} (Command and Control)
 */
public record Technique(String id, String name, String tacticId, String tacticName) {

    /** Non-Standard Port: every kept connection goes to a port other than the excluded web ports. */
    public static final Technique NON_STANDARD_PORT =
            new Technique("T1571", "Non-Standard Port", "TA0011", "Command and Control");
    /** Application Layer Protocol: C2 over a protocol an ordinary process could speak. */
    public static final Technique APPLICATION_LAYER_PROTOCOL =
            new Technique("T1071", "Application Layer Protocol", "TA0011", "Command and Control");

    /** Masquerading: Match Legitimate Resource Name or Location: a binary no other device runs under a common name. */
    public static final Technique MASQUERADING_NAME = new Technique("T1036.005",
            "Masquerading: Match Legitimate Resource Name or Location", "TA0005", "Defense Evasion");

    public String reference() {
        // Sub-techniques live under their technique: T1036.005 is /techniques/T1036/005/.
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }

    public String tacticReference() {
        return "https://attack.mitre.org/tactics/" + tacticId + "/";
    }
}
