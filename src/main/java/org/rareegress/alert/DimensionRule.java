package org.rareegress.alert;

import java.util.List;
import org.rareegress.detect.Dimension;

/**
 * The detection rule behind an alert of each dimension. {@code process} is the seed's {@link Rule}, unchanged;
 * each refined dimension is a detection of its own, with its own fixed id and uuid (a contract, like
 * {@link Rule}'s) and the ATT&CK techniques its alerts suggest.
 */
public record DimensionRule(String id, String uuid, String name, String description, String category,
                            List<Technique> techniques) {

    static final DimensionRule PROCESS = new DimensionRule(Rule.ID, Rule.UUID, Rule.NAME, Rule.DESCRIPTION,
            "Command and Control", Rule.TECHNIQUES);
    static final DimensionRule PROCESS_PORT = new DimensionRule("rare-egress:rare-port-of-prevalent-process",
            "8d2e4b61-0f3a-4c7d-b9e5-61a0c2f84d17", "Rare remote port for a prevalent process",
            "A process that runs on at least the threshold of devices made successful outbound TCP connections to a"
                    + " plain public IPv4 address on a port that fewer than the threshold of devices use with it in the"
                    + " window: a reverse shell or implant inside a common program.",
            "Command and Control", Rule.TECHNIQUES);
    static final DimensionRule PROCESS_HASH = new DimensionRule("rare-egress:rare-binary-of-prevalent-name",
            "c5a97e02-3d1b-4f68-a2c4-9e7b05d1f3a8", "Rare binary under a prevalent process name",
            "A process name that runs on at least the threshold of devices made successful outbound connections from"
                    + " a binary (SHA256, else MD5) that fewer than the threshold of devices run under that name in the"
                    + " window: a masquerading binary, or a new version not yet rolled out.",
            "Defense Evasion", List.of(Technique.MASQUERADING_NAME, Technique.NON_STANDARD_PORT));
    static final DimensionRule PROCESS_ASN = new DimensionRule("rare-egress:rare-network-of-prevalent-process",
            "4f1c6d83-a7e2-4b09-8d5f-2b3e9c7a0e64", "Rare remote network (AS) for a prevalent process",
            "A process that runs on at least the threshold of devices made successful outbound connections to an"
                    + " autonomous system that fewer than the threshold of devices reach with it in the window.",
            "Command and Control", Rule.TECHNIQUES);

    public static DimensionRule of(Dimension dimension) {
        return switch (dimension) {
            case PROCESS -> PROCESS;
            case PROCESS_PORT -> PROCESS_PORT;
            case PROCESS_HASH -> PROCESS_HASH;
            case PROCESS_ASN -> PROCESS_ASN;
        };
    }
}
