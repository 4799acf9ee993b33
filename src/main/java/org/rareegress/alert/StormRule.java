package org.rareegress.alert;

import java.util.List;

/**
 * The rule of STORM alerts: alert-storm protection summarising the NEW_RARE alerts of {@link Rule} it suppressed
 * in one storm window. A rule of its own, so that SIEM rules, suppressions and dashboards keyed on the rare-outbound
 * rule neither count a storm as one rare process nor silently swallow it. Its id, uuid and name are a contract like
 * {@link Rule}'s: never change them.
 */
public final class StormRule {
    public static final String ID = "rare-egress:alert-storm";
    /** For consumers that want a UUID (ECS {@code rule.uuid}); fixed, like the id. */
    public static final String UUID = "4d1b79b8-7318-4bfd-b197-27564b9d9c17";
    public static final String NAME = "Alert storm: rare outbound IPv4 alerts suppressed";
    public static final String DESCRIPTION = "More processes turned rare in one storm window of stream time than"
            + " alert.storm-threshold allows one task to alert on: their NEW_RARE alerts (rule " + Rule.ID + ") were"
            + " suppressed and this one alert counts them and names the first ones. Their states and hunt-table rows are"
            + " kept; each raises its NEW_RARE on its next kept event after the window.";
    /** The suppressed alerts' techniques: a storm is made of the rare-outbound rule's detections. */
    public static final List<Technique> TECHNIQUES = Rule.TECHNIQUES;
    /** The rule as the output formats write a rule (ECS {@code rule.*}, OCSF {@code finding_info.analytic}). */
    static final DimensionRule DEFINITION = new DimensionRule(ID, UUID, NAME, DESCRIPTION, "Command and Control",
            TECHNIQUES);

    private StormRule() {
    }
}
