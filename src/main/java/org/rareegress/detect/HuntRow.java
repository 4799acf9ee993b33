package org.rareegress.detect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Comparator;
import java.util.List;

/**
 * One row of the hunt table: the seed query's columns first ({@code InitiatingProcessFileName},
 * {@code DeviceCount}, {@code Hashes}, {@code SampleProcess}, {@code SampleRemoteIP}, {@code Ports},
 * {@code RemoteIP_country}), then extra evidence. The same JSON is a {@code --report} line, a value
 * of the table topic and an element of {@code GET /rare-processes}; {@code SchemaVersion} comes last.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
// SchemaVersion is written, never read back into a row. Instances exchange rows as JSON: a field a later
// release adds (a compatible change of the row schema) is ignored, so a rolling upgrade keeps /rare-processes up.
@JsonIgnoreProperties(value = "SchemaVersion", allowGetters = true, ignoreUnknown = true)
@JsonPropertyOrder({"InitiatingProcessFileName", "DeviceCount", "Hashes", "SampleProcess", "SampleRemoteIP", "Ports",
        "RemoteIP_country", "RemoteIP_countryIsoCode", "RemoteIP_asn", "RemoteIP_asOrganization", "Devices",
        "RemoteIPs", "FirstSeen", "LastSeen", "EvidenceTruncated", "Threshold", "AllowlistedBy", "SchemaVersion"})
public record HuntRow(
        @JsonProperty("InitiatingProcessFileName") String process,
        @JsonProperty("DeviceCount") int deviceCount,
        @JsonProperty("Hashes") List<String> hashes,
        @JsonProperty("SampleProcess") String sampleProcess,
        @JsonProperty("SampleRemoteIP") String sampleRemoteIp,
        @JsonProperty("Ports") List<Integer> ports,
        @JsonProperty("RemoteIP_country") String remoteIpCountry,
        @JsonProperty("RemoteIP_countryIsoCode") String remoteIpCountryIsoCode,
        @JsonProperty("RemoteIP_asn") Long remoteIpAsn,
        @JsonProperty("RemoteIP_asOrganization") String remoteIpAsOrganization,
        @JsonProperty("Devices") List<DeviceSeen> devices,
        @JsonProperty("RemoteIPs") List<String> remoteIps,
        @JsonProperty("FirstSeen") String firstSeen,
        @JsonProperty("LastSeen") String lastSeen,
        @JsonProperty("EvidenceTruncated") boolean evidenceTruncated,
        @JsonProperty("Threshold") int threshold,
        // Present only on a row an allowlist rule silences (docs/allowlist.md); added in schema 1.1.
        @JsonProperty("AllowlistedBy") @JsonInclude(JsonInclude.Include.NON_NULL) String allowlistedBy) {

    /** schemas/hunt-row.schema.json; the version rule is in docs/alerts.md. */
    public static final String SCHEMA_VERSION = "1.1";

    /** The seed's order: DeviceCount ascending, then name. */
    public static final Comparator<HuntRow> TABLE_ORDER =
            Comparator.comparingInt(HuntRow::deviceCount).thenComparing(HuntRow::process);

    @JsonProperty("SchemaVersion")
    public String schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** A row no allowlist rule silences. */
    public HuntRow(String process, int deviceCount, List<String> hashes, String sampleProcess, String sampleRemoteIp,
                   List<Integer> ports, String remoteIpCountry, String remoteIpCountryIsoCode, Long remoteIpAsn,
                   String remoteIpAsOrganization, List<DeviceSeen> devices, List<String> remoteIps, String firstSeen,
                   String lastSeen, boolean evidenceTruncated, int threshold) {
        this(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, remoteIpCountry, remoteIpCountryIsoCode,
                remoteIpAsn, remoteIpAsOrganization, devices, remoteIps, firstSeen, lastSeen, evidenceTruncated, threshold,
                null);
    }

    public HuntRow withGeo(GeoInfo geo) {
        return new HuntRow(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, geo.country(),
                geo.countryIsoCode(), geo.asn(), geo.asOrganization(), devices, remoteIps, firstSeen, lastSeen,
                evidenceTruncated, threshold, allowlistedBy);
    }

    /** This row, marked as silenced by the allowlist rule {@code ruleId} (null: by none). */
    public HuntRow withAllowlistedBy(String ruleId) {
        return new HuntRow(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, remoteIpCountry,
                remoteIpCountryIsoCode, remoteIpAsn, remoteIpAsOrganization, devices, remoteIps, firstSeen, lastSeen,
                evidenceTruncated, threshold, ruleId);
    }
}
