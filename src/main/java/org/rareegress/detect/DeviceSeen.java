package org.rareegress.detect;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One device a process ran on, as shown in table rows and alerts. */
@JsonPropertyOrder({"DeviceId", "DeviceName", "LastSeen"})
public record DeviceSeen(@JsonProperty("DeviceId") String deviceId,
                         @JsonProperty("DeviceName") String deviceName,
                         @JsonProperty("LastSeen") String lastSeen) {
}
