package org.rareegress.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.rareegress.TestFixtures;
import org.rareegress.alert.EcsAlert;

/**
 * The Elastic Common Schema 9.4.0 field catalogue (src/test/resources/ecs-9.4.0/ecs_flat.json, from the npm
 * package @elastic/ecs) and the check of an ECS document against it: every field outside the custom prefix
 * exists in ECS, its value has the field's type (keyword a string, long an integer, ip an address, date an
 * ISO-8601 instant...), is an array only where ECS expects one, and is one of the allowed values where ECS
 * lists them (event.kind, event.category, event.type...). Nulls are refused: ECS documents leave absent
 * values out.
 */
public final class EcsCatalogue {
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static volatile EcsCatalogue instance;

    private final Map<String, Field> fields = new TreeMap<>();
    private final Set<String> fieldSets = new HashSet<>();

    /** One catalogue entry: its ECS type, whether ECS expects an array, and its allowed values (empty: any). */
    public record Field(String type, boolean array, Set<String> allowed) {
    }

    private EcsCatalogue(JsonNode flat) {
        flat.properties().forEach(entry -> {
            JsonNode field = entry.getValue();
            Set<String> allowed = new HashSet<>();
            field.path("allowed_values").forEach(value -> allowed.add(value.asText()));
            boolean array = false;
            for (JsonNode normalize : field.path("normalize")) {
                array |= normalize.asText().equals("array");
            }
            fields.put(entry.getKey(), new Field(field.path("type").asText(), array, allowed));
            int dot = entry.getKey().indexOf('.');
            fieldSets.add(dot < 0 ? entry.getKey() : entry.getKey().substring(0, dot));
        });
    }

    public static EcsCatalogue get() {
        if (instance == null) {
            synchronized (EcsCatalogue.class) {
                if (instance == null) {
                    instance = new EcsCatalogue(OutputSchemas.read(TestFixtures.path("ecs-9.4.0/ecs_flat.json")));
                }
            }
        }
        return instance;
    }

    public Field field(String name) {
        return fields.get(name);
    }

    public int size() {
        return fields.size();
    }

    /** Top-level names ECS uses ({@code event}, {@code host}, {@code @timestamp}...). */
    public boolean isFieldSet(String name) {
        return fieldSets.contains(name);
    }

    /** What is wrong with {@code document} as an ECS document; empty when nothing is. */
    public List<String> errors(JsonNode document) {
        List<String> errors = new ArrayList<>();
        walk("", document, errors);
        return errors;
    }

    private void walk(String path, JsonNode node, List<String> errors) {
        if (path.equals(EcsAlert.CUSTOM_PREFIX)) {
            return; // ours, checked by schemas/alert-ecs.schema.json
        }
        Field field = path.isEmpty() ? null : fields.get(path);
        if (node.isObject() && (field == null || field.type().equals("object") || field.type().equals("nested"))) {
            if (field != null && !field.type().equals("nested") && !node.isEmpty() && path.equals("labels")) {
                node.properties().forEach(e -> check(path + "." + e.getKey(), new Field("keyword", false, Set.of()), e.getValue(), errors));
                return;
            }
            node.properties().forEach(e -> walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), errors));
            return;
        }
        if (field == null) {
            errors.add(path + ": not an ECS 9.4.0 field (and not under the custom prefix " + EcsAlert.CUSTOM_PREFIX + ")");
            return;
        }
        check(path, field, node, errors);
    }

    private void check(String path, Field field, JsonNode value, List<String> errors) {
        if (value.isArray()) {
            if (!field.array()) {
                errors.add(path + ": an array, but ECS expects a single " + field.type());
            }
            value.forEach(item -> checkScalar(path, field, item, errors));
        } else {
            checkScalar(path, field, value, errors);
        }
    }

    private void checkScalar(String path, Field field, JsonNode value, List<String> errors) {
        String problem = switch (field.type()) {
            case "keyword", "constant_keyword", "wildcard", "match_only_text", "text" ->
                    value.isTextual() ? null : "must be a string";
            case "long", "integer", "short", "byte", "unsigned_long" ->
                    value.isIntegralNumber() ? null : "must be an integer";
            case "float", "double", "scaled_float", "half_float" -> value.isNumber() ? null : "must be a number";
            case "boolean" -> value.isBoolean() ? null : "must be true or false";
            case "date" -> value.isTextual() && isDate(value.asText()) ? null : "must be an ISO-8601 date";
            case "ip" -> value.isTextual() && isIp(value.asText()) ? null : "must be an IP address";
            default -> "has the ECS type " + field.type() + ", which these documents do not use";
        };
        if (problem == null && !field.allowed().isEmpty() && !field.allowed().contains(value.asText())) {
            problem = "'" + value.asText() + "' is not one of the allowed values " + new TreeSet<>(field.allowed());
        }
        if (problem != null) {
            errors.add(path + ": " + problem + ", got " + value);
        }
    }

    private static boolean isDate(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isIp(String text) {
        if (IPV4.matcher(text).matches()) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
