package org.rareegress.detect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A record of the alert topic: the process's facts at the alert's instant (the same columns as a
 * table row), when and why it fired, and where the triggering event came from.
 *
 * @param detectedAt  stream time when the triggering event was processed
 * @param confirmedAt stream time when a held NEW_RARE was confirmed; null when not held
 * @param windowEnd   the instant the facts are evaluated at ({@code detectedAt}, or {@code confirmedAt})
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"AlertId", "AlertType"})
public record Alert(
        @JsonProperty("AlertId") String alertId,
        @JsonProperty("AlertType") AlertType type,
        // The row's own SchemaVersion stays out: an alert carries the alert schema's (NativeAlert).
        @JsonUnwrapped @JsonIgnoreProperties("SchemaVersion") HuntRow facts,
        @JsonProperty("DetectedAt") String detectedAt,
        @JsonProperty("ConfirmedAt") String confirmedAt,
        @JsonProperty("WindowStart") String windowStart,
        @JsonProperty("WindowEnd") String windowEnd,
        @JsonProperty("Trigger") Trigger trigger,
        @JsonProperty("Source") @JsonInclude(JsonInclude.Include.NON_NULL) Source source) {

    public String process() {
        return facts.process();
    }

    public Alert withGeo(GeoInfo geo) {
        return new Alert(alertId, type, facts.withGeo(geo), detectedAt, confirmedAt, windowStart, windowEnd, trigger, source);
    }

    /** What was new, and the event that brought it. */
    @JsonPropertyOrder({"New", "Timestamp", "DeviceId", "DeviceName", "RemoteIP", "RemotePort",
            "InitiatingProcessFileName", "InitiatingProcessMD5", "InitiatingProcessSHA256",
            "InitiatingProcessCommandLine", "InitiatingProcessFolderPath"})
    public record Trigger(
            @JsonProperty("New") List<String> newFacts,
            @JsonProperty("Timestamp") String timestamp,
            @JsonProperty("DeviceId") String deviceId,
            @JsonProperty("DeviceName") String deviceName,
            @JsonProperty("RemoteIP") String remoteIp,
            @JsonProperty("RemotePort") int remotePort,
            @JsonProperty("InitiatingProcessFileName") String processFileName,
            @JsonProperty("InitiatingProcessMD5") String md5,
            @JsonProperty("InitiatingProcessSHA256") String sha256,
            @JsonProperty("InitiatingProcessCommandLine") String commandLine,
            @JsonProperty("InitiatingProcessFolderPath") String folderPath) {
    }

    /** The triggering event's coordinates: a Kafka record, or a file line; {@code Index} within an envelope. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Topic", "Partition", "Offset", "File", "Line", "Index"})
    public record Source(
            @JsonProperty("Topic") String topic,
            @JsonProperty("Partition") Integer partition,
            @JsonProperty("Offset") Long offset,
            @JsonProperty("File") String file,
            @JsonProperty("Line") Long line,
            @JsonProperty("Index") Integer index) {
    }
}
