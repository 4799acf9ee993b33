package org.rareegress.alert;

import java.util.List;

/**
 * The detection rule every alert of this product comes from: the seed hunt, run continuously. Its id,
 * uuid and name are a contract (SIEM rules, suppressions and dashboards key on them): never change them;
 * a new rule gets new ones.
 */
public final class Rule {
    public static final String ID = "rare-egress:rare-outbound-ipv4";
    /** For consumers that want a UUID (ECS {@code rule.uuid}); fixed, like the id. */
    public static final String UUID = "3f7c2a1e-6b0d-4c8e-9a51-2d4e7f1b0c63";
    public static final String NAME = "Rare outbound IPv4 connection from a non-browser process";
    public static final String DESCRIPTION = "A process (by file name) made successful outbound TCP connections to a"
            + " plain public IPv4 address on a non-web port and is seen on fewer than the threshold of devices of the"
            + " whole fleet in the window (the hunt 'Rare outgoing IPv4 connections', run continuously).";
    public static final String RULESET = "rare-egress";
    public static final List<Technique> TECHNIQUES =
            List.of(Technique.NON_STANDARD_PORT, Technique.APPLICATION_LAYER_PROTOCOL);

    private Rule() {
    }

    public static List<String> techniqueIds() {
        return TECHNIQUES.stream().map(Technique::id).toList();
    }
}
