package org.rareegress.allow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.rareegress.detect.Ipv4Ranges;
import org.rareegress.event.Timestamps;

/**
 * Reads and writes allowlist rules: one JSON object each, as on the allowlist topic, in {@code allow add} and in a
 * {@code backtest --allowlist} file. Reading is strict: an unknown field, a wrong type, a bad CIDR, glob, hash,
 * port, dimension or expiry, a missing {@code RuleId}, or a rule that matches on nothing at all (it would
 * silence every alert) is refused with what is wrong.
 */
public final class AllowRules {
    public static final String RULE_ID = "RuleId";
    /** Every field a rule may have, in the order {@link #toJson} writes them. */
    public static final List<String> FIELDS = List.of(RULE_ID, "InitiatingProcessFileName", "SHA256", "MD5",
            "FolderPath", "RemoteNetwork", "RemotePort", "Dimension", "DeviceId", "DeviceName", "Reason", "Owner",
            "Expires");
    /** The rarity dimensions (detector.dimensions) a rule may name. */
    public static final Set<String> DIMENSIONS = Set.of("process", "process-port", "process-hash", "process-asn");
    /** Rule ids are topic keys, typed on command lines and shown in metrics labels: kept short and plain. */
    static final int MAX_RULE_ID_LENGTH = 200;
    private static final Pattern RULE_ID_CHARS = Pattern.compile("[A-Za-z0-9._:@/+-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AllowRules() {
    }

    public static AllowRule parse(byte[] json) throws BadRuleException {
        if (json == null) {
            throw new BadRuleException("empty rule");
        }
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    public static AllowRule parse(String json) throws BadRuleException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadRuleException("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new BadRuleException("a rule is one JSON object, such as {\"RuleId\":\"r1\",\"InitiatingProcessFileName\":"
                    + "\"tool.exe\",\"Reason\":\"...\"}");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRuleException("unknown field '" + name + "'; a rule has " + String.join(", ", FIELDS));
            }
        }
        String ruleId = text(tree, RULE_ID);
        if (ruleId == null || ruleId.isBlank()) {
            throw new BadRuleException("RuleId: missing; every rule needs an id (the topic key)");
        }
        if (ruleId.length() > MAX_RULE_ID_LENGTH || !RULE_ID_CHARS.matcher(ruleId).matches()) {
            throw new BadRuleException("RuleId: '" + ruleId + "' must be 1 to " + MAX_RULE_ID_LENGTH
                    + " characters of letters, digits and . _ : @ / + -");
        }
        String process = nonBlank(tree, "InitiatingProcessFileName");
        String sha256 = hash(tree, "SHA256", SHA256, 64);
        String md5 = hash(tree, "MD5", MD5, 32);
        String folder = text(tree, "FolderPath");
        FolderGlob folderPath = folder == null ? null : FolderGlob.parse(folder);
        Ipv4Ranges remoteNetwork = network(text(tree, "RemoteNetwork"));
        Integer remotePort = port(tree);
        String dimension = text(tree, "Dimension");
        if (dimension != null && !DIMENSIONS.contains(dimension)) {
            throw new BadRuleException("Dimension: '" + dimension + "' is not one of process, process-port,"
                    + " process-hash, process-asn");
        }
        String deviceId = nonBlank(tree, "DeviceId");
        String deviceName = nonBlank(tree, "DeviceName");
        String expires = text(tree, "Expires");
        long expiresNanos = expires == null ? Long.MAX_VALUE : expiry(expires);
        if (process == null && sha256 == null && md5 == null && folderPath == null && remoteNetwork == null
                && remotePort == null && deviceId == null && deviceName == null) {
            throw new BadRuleException("rule '" + ruleId + "' names nothing to match (InitiatingProcessFileName, SHA256,"
                    + " MD5, FolderPath, RemoteNetwork, RemotePort, DeviceId or DeviceName) and would silence every"
                    + " alert" + (dimension == null ? "" : " of its dimension"));
        }
        return new AllowRule(ruleId, process, sha256, md5, folderPath, remoteNetwork, remotePort, dimension, deviceId,
                deviceName, text(tree, "Reason"), text(tree, "Owner"), expires, expiresNanos);
    }

    /** The rule as the topic holds it: one JSON object, fields in {@link #FIELDS} order, absent ones left out. */
    static String toJson(AllowRule rule) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put(RULE_ID, rule.ruleId());
        putIf(json, "InitiatingProcessFileName", rule.process());
        putIf(json, "SHA256", rule.sha256());
        putIf(json, "MD5", rule.md5());
        putIf(json, "FolderPath", rule.folderPath() == null ? null : rule.folderPath().toString());
        putIf(json, "RemoteNetwork", rule.remoteNetwork() == null ? null : rule.remoteNetwork().cidrs().get(0));
        if (rule.remotePort() != null) {
            json.put("RemotePort", rule.remotePort());
        }
        putIf(json, "Dimension", rule.dimension());
        putIf(json, "DeviceId", rule.deviceId());
        putIf(json, "DeviceName", rule.deviceName());
        putIf(json, "Reason", rule.reason());
        putIf(json, "Owner", rule.owner());
        putIf(json, "Expires", rule.expires());
        return json.toString();
    }

    /** The rule's fields as a map, for {@code /allowlist} and {@code allow list}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(AllowRule rule) {
        try {
            return MAPPER.readValue(toJson(rule), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back a rule just written", e);
        }
    }

    private static void putIf(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    /** A string field; null when absent or JSON null (a tool's way of leaving a field out). */
    private static String text(JsonNode tree, String field) throws BadRuleException {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRuleException(field + ": must be a string, got " + value);
        }
        return value.textValue();
    }

    private static String nonBlank(JsonNode tree, String field) throws BadRuleException {
        String value = text(tree, field);
        if (value != null && value.isBlank()) {
            throw new BadRuleException(field + ": must not be empty (leave the field out to match any)");
        }
        return value;
    }

    private static String hash(JsonNode tree, String field, Pattern format, int digits) throws BadRuleException {
        String value = text(tree, field);
        if (value != null && !format.matcher(value).matches()) {
            throw new BadRuleException(field + ": '" + value + "' is not " + digits + " hexadecimal digits");
        }
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static Ipv4Ranges network(String cidr) throws BadRuleException {
        if (cidr == null) {
            return null;
        }
        if (cidr.isBlank() || cidr.contains(",")) {
            throw new BadRuleException("RemoteNetwork: '" + cidr + "' is not one IPv4 CIDR block (like 203.0.113.0/24)");
        }
        try {
            return Ipv4Ranges.parse(List.of(cidr));
        } catch (IllegalArgumentException e) {
            throw new BadRuleException("RemoteNetwork: " + e.getMessage());
        }
    }

    private static Integer port(JsonNode tree) throws BadRuleException {
        JsonNode value = tree.get("RemotePort");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 65535) {
            throw new BadRuleException("RemotePort: must be a whole number from 0 to 65535, got " + value);
        }
        return value.intValue();
    }

    private static long expiry(String expires) throws BadRuleException {
        try {
            Instant instant = OffsetDateTime.parse(expires, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return Timestamps.toNanos(instant);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new BadRuleException("Expires: '" + expires + "' is not an ISO-8601 instant such as 2026-07-01T00:00:00Z");
        }
    }
}
