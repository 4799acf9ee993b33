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
@JsonPropertyOrder({"InitiatingProcessFileName", "Dimension", "RemotePort", "SHA256", "MD5", "ASN", "DeviceCount", "Hashes", "SampleProcess", "SampleRemoteIP", "Ports",
        "RemoteIP_country", "RemoteIP_countryIsoCode", "RemoteIP_asn", "RemoteIP_asOrganization", "Devices",
        "RemoteIPs", "FirstSeen", "LastSeen", "EvidenceTruncated", "Threshold", "DistinctValues", "Informative",
        "AllowlistedBy", "SchemaVersion"})
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
        // The rarity dimension and its refined key (docs/dimensions.md); all absent from process rows, which
        // stay exactly the seed's (schema 1.0).
        @JsonProperty("Dimension") @JsonInclude(JsonInclude.Include.NON_NULL) String dimension,
        @JsonProperty("RemotePort") @JsonInclude(JsonInclude.Include.NON_NULL) Integer remotePort,
        @JsonProperty("SHA256") @JsonInclude(JsonInclude.Include.NON_NULL) String sha256,
        @JsonProperty("MD5") @JsonInclude(JsonInclude.Include.NON_NULL) String md5,
        @JsonProperty("ASN") @JsonInclude(JsonInclude.Include.NON_NULL) Long asn,
        // Only on the row saying a dimension is not informative for a program: how many distinct values it
        // had in the window (more than detector.max-values-per-process), and Informative false.
        @JsonProperty("DistinctValues") @JsonInclude(JsonInclude.Include.NON_NULL) Integer distinctValues,
        @JsonProperty("Informative") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean informative,
        // Present only on a row an allowlist rule silences (docs/allowlist.md); added in schema 1.1.
        @JsonProperty("AllowlistedBy") @JsonInclude(JsonInclude.Include.NON_NULL) String allowlistedBy) {

    /** schemas/hunt-row.schema.json; the version rule is in docs/alerts.md. */
    public static final String SCHEMA_VERSION = "1.1";
    /** What a process row that no rule silences says: it is exactly a 1.0 row (no field of 1.1 is written). */
    public static final String PROCESS_SCHEMA_VERSION = "1.0";

    /** The seed's order: DeviceCount ascending, then name; then (rows of other dimensions) dimension and key. */
    public static final Comparator<HuntRow> TABLE_ORDER =
            Comparator.comparingInt(HuntRow::deviceCount).thenComparing(HuntRow::process)
                    .thenComparing(HuntRow::dimension, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(HuntRow::refinedValue, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** A row of the process dimension (the seed's columns only). */
    public HuntRow(String process, int deviceCount, List<String> hashes, String sampleProcess, String sampleRemoteIp,
                   List<Integer> ports, String remoteIpCountry, String remoteIpCountryIsoCode, Long remoteIpAsn,
                   String remoteIpAsOrganization, List<DeviceSeen> devices, List<String> remoteIps, String firstSeen,
                   String lastSeen, boolean evidenceTruncated, int threshold) {
        this(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, remoteIpCountry, remoteIpCountryIsoCode,
                remoteIpAsn, remoteIpAsOrganization, devices, remoteIps, firstSeen, lastSeen, evidenceTruncated, threshold,
                null, null, null, null, null, null, null, null);
    }

    @JsonProperty("SchemaVersion")
    public String schemaVersion() {
        // A 1.0 reader knows every field such a row writes; any 1.1 field (a dimension, AllowlistedBy) says 1.1.
        return dimension == null && allowlistedBy == null ? PROCESS_SCHEMA_VERSION : SCHEMA_VERSION;
    }

    /** The dimension of this row; {@link Dimension#PROCESS} for the seed's rows. */
    public Dimension dimensionOrProcess() {
        return dimension == null ? Dimension.PROCESS : Dimension.byKey(dimension).orElseThrow();
    }

    /** The refined key as text (port, hash, AS number); null on process rows and on not-informative rows. */
    public String refinedValue() {
        if (remotePort != null) {
            return remotePort.toString();
        }
        if (sha256 != null) {
            return sha256;
        }
        if (md5 != null) {
            return md5;
        }
        return asn == null ? null : asn.toString();
    }

    /** This row for a refined key of {@code dimension}; {@code value} as {@link Dimension#valueOf} writes it. */
    public HuntRow refinedBy(Dimension dimension, String value) {
        Integer port = dimension == Dimension.PROCESS_PORT ? Integer.valueOf(value) : null;
        boolean isSha = dimension == Dimension.PROCESS_HASH && value.length() == 64;
        String sha = isSha ? value : null;
        String md5Value = dimension == Dimension.PROCESS_HASH && !isSha ? value : null;
        Long asnValue = dimension == Dimension.PROCESS_ASN ? Long.valueOf(value) : null;
        return new HuntRow(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, remoteIpCountry,
                remoteIpCountryIsoCode, remoteIpAsn, remoteIpAsOrganization, devices, remoteIps, firstSeen, lastSeen,
                evidenceTruncated, threshold, dimension.key(), port, sha, md5Value, asnValue, null, null, allowlistedBy);
    }

    /** This (process) row as the row saying {@code dimension} is not informative for the program. */
    public HuntRow notInformative(Dimension dimension, int distinct) {
        return new HuntRow(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, remoteIpCountry,
                remoteIpCountryIsoCode, remoteIpAsn, remoteIpAsOrganization, devices, remoteIps, firstSeen, lastSeen,
                evidenceTruncated, threshold, dimension.key(), null, null, null, null, distinct, false, allowlistedBy);
    }

    public HuntRow withGeo(GeoInfo geo) {
        return new HuntRow(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, geo.country(),
                geo.countryIsoCode(), geo.asn(), geo.asOrganization(), devices, remoteIps, firstSeen, lastSeen,
                evidenceTruncated, threshold, dimension, remotePort, sha256, md5, asn, distinctValues, informative,
                allowlistedBy);
    }

    /** This row, marked as silenced by the allowlist rule {@code ruleId} (null: by none). */
    public HuntRow withAllowlistedBy(String ruleId) {
        return new HuntRow(process, deviceCount, hashes, sampleProcess, sampleRemoteIp, ports, remoteIpCountry,
                remoteIpCountryIsoCode, remoteIpAsn, remoteIpAsOrganization, devices, remoteIps, firstSeen, lastSeen,
                evidenceTruncated, threshold, dimension, remotePort, sha256, md5, asn, distinctValues, informative,
                ruleId);
    }
}
