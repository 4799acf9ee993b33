package org.rareegress.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The record of the alert topic that stands for a burst of NEW_RARE alerts: in the storm window
 * {@code [WindowStart, WindowEnd)} of stream time, one task published {@code StormThreshold} NEW_RARE alerts and
 * suppressed the next {@code Suppressed}, whose first names are in {@code Processes}. Their states and table rows
 * are kept; each raises its NEW_RARE on its next kept event after the window.
 *
 * @param detectedAt       stream time of the first suppressed NEW_RARE
 * @param lastSuppressedAt stream time of the last one
 * @param suppressed       how many NEW_RARE were suppressed in the window (a process's further events in it add none)
 * @param processes        the first {@link AlertStorm#NAMES_SHOWN} of them, in the order they were suppressed
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"AlertId", "AlertType", "DetectedAt", "LastSuppressedAt", "WindowStart", "WindowEnd", "StormThreshold",
        "Suppressed", "Processes"})
public record StormAlert(
        @JsonProperty("AlertId") String alertId,
        @JsonProperty("AlertType") AlertType type,
        @JsonProperty("DetectedAt") String detectedAt,
        @JsonProperty("LastSuppressedAt") String lastSuppressedAt,
        @JsonProperty("WindowStart") String windowStart,
        @JsonProperty("WindowEnd") String windowEnd,
        @JsonProperty("StormThreshold") int stormThreshold,
        @JsonProperty("Suppressed") long suppressed,
        @JsonProperty("Processes") List<String> processes) {
}
