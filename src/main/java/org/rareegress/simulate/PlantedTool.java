package org.rareegress.simulate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the simulator planted: one line of the {@code --truth} file. Everything here is counted from
 * the events actually generated (before any disorder), so a test can hold the output to it.
 *
 * @param process    the hunt's key: the file name lower-cased
 * @param fileNames  the spellings the events carry
 * @param expect     what the hunt should make of it with the default settings and a long enough history
 * @param why        the story, and for FILTERED the clause that drops it
 * @param remoteIps  every RemoteIP it connected to, as written in the events
 * @param ports      every RemotePort it connected to
 * @param firstSeen  Timestamp of its first event, in the events' own format
 * @param dimension  the rarity dimension {@code expect} speaks of, for the cases of {@code --dimension-cases};
 *                   absent (null) for the seed's {@code process} dimension
 */
@JsonPropertyOrder({"Tool", "InitiatingProcessFileName", "FileNames", "Expect", "Why", "MD5", "SHA256", "DeviceCount",
        "Devices", "RemoteIPs", "Ports", "Protocols", "ActionTypes", "Events", "FirstSeen", "LastSeen", "Dimension"})
public record PlantedTool(
        @JsonProperty("Tool") String tool,
        @JsonProperty("InitiatingProcessFileName") String process,
        @JsonProperty("FileNames") List<String> fileNames,
        @JsonProperty("Expect") Expect expect,
        @JsonProperty("Why") String why,
        @JsonProperty("MD5") String md5,
        @JsonProperty("SHA256") String sha256,
        @JsonProperty("DeviceCount") int deviceCount,
        @JsonProperty("Devices") List<PlantedDevice> devices,
        @JsonProperty("RemoteIPs") List<String> remoteIps,
        @JsonProperty("Ports") List<Integer> ports,
        @JsonProperty("Protocols") List<String> protocols,
        @JsonProperty("ActionTypes") List<String> actionTypes,
        @JsonProperty("Events") long events,
        @JsonProperty("FirstSeen") String firstSeen,
        @JsonProperty("LastSeen") String lastSeen,
        @JsonProperty("Dimension") @JsonInclude(JsonInclude.Include.NON_NULL) String dimension) {

    /** What the hunt should report. */
    public enum Expect {
        /** Fewer devices than the threshold until the end: in the hunt table, alerted. */
        RARE,
        /** Rare at first, then on most of the fleet: alerted, then NO_LONGER_RARE, not in the final table. */
        NO_LONGER_RARE,
        /** Rare, but a filter clause drops every one of its events: never alerted, never in the table. */
        FILTERED,
        /**
         * On (nearly) every device: never alerted by the seed. With a {@code Dimension}, never alerted in that
         * dimension either (a roll-out only with that dimension's {@code alert.confirm-after}, see {@code Why}).
         */
        PREVALENT
    }

    /** One device the tool ran on, in order of first appearance. */
    @JsonPropertyOrder({"DeviceId", "DeviceName", "FirstSeen", "LastSeen", "Events"})
    public record PlantedDevice(
            @JsonProperty("DeviceId") String deviceId,
            @JsonProperty("DeviceName") String deviceName,
            @JsonProperty("FirstSeen") String firstSeen,
            @JsonProperty("LastSeen") String lastSeen,
            @JsonProperty("Events") long events) {
    }
}
