package org.rareegress.alert;

import org.rareegress.detect.Alert;
import org.rareegress.detect.StormAlert;

/** The one-line summary the ECS {@code message} and the OCSF {@code message} carry. */
final class Messages {
    private Messages() {
    }

    static String summary(Alert alert) {
        Alert.Trigger trigger = alert.trigger();
        int devices = alert.facts().deviceCount();
        return alert.type().name() + ": " + alert.process() + " on " + devices + (devices == 1 ? " device" : " devices")
                + " (threshold " + alert.facts().threshold() + "), connecting to " + trigger.remoteIp() + ":"
                + trigger.remotePort() + " from " + (trigger.deviceName() != null ? trigger.deviceName() : trigger.deviceId())
                + "; new: " + String.join(", ", trigger.newFacts());
    }

    static String summary(StormAlert storm) {
        return "STORM: " + storm.suppressed() + " NEW_RARE suppressed from " + storm.windowStart() + " to "
                + storm.windowEnd() + " past the storm threshold of " + storm.stormThreshold() + "; first: "
                + String.join(", ", storm.processes());
    }
}
