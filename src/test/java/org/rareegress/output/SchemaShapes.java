package org.rareegress.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape an alert schema gives the records of one alert type: its top level together with the branch of its
 * {@code if}/{@code then}/{@code else} chain that such a record takes ({@code $ref}s to {@code $defs} resolved),
 * as one schema. A schema that moves a released type's shape under a condition on the type (as 1.1 did to the ECS
 * and OCSF alerts, to add STORM) gives that type the same shape as before, which a plain walk of the two files
 * cannot see; {@link SchemaCompatibilityTest} compares shapes.
 */
final class SchemaShapes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final List<String> CONDITIONAL = List.of("if", "then", "else", "$defs");

    private SchemaShapes() {
    }

    /** A record of {@code type} as far as a schema's conditions look at it: where each alert format keeps its type. */
    static JsonNode probe(OutputSchemas.Kind kind, String type) {
        ObjectNode probe = JSON.createObjectNode();
        switch (kind) {
            case ALERT -> probe.put("AlertType", type);
            case ALERT_ECS -> {
                probe.putObject("event").put("action", type);
                probe.putObject("rare_egress").put("alert_type", type);
            }
            case ALERT_OCSF -> probe.putObject("unmapped").putObject("rare_egress").put("AlertType", type);
            default -> throw new IllegalArgumentException(kind + " has no alert types");
        }
        return probe;
    }

    /** The shape {@code schema} gives a record like {@code probe}. */
    static JsonNode of(JsonNode schema, JsonNode probe) {
        return branch(schema, schema, probe);
    }

    private static ObjectNode branch(JsonNode root, JsonNode node, JsonNode probe) {
        ObjectNode shape = resolve(root, node);
        JsonNode chosen = null;
        if (shape.has("if")) {
            boolean matches = REGISTRY.getSchema(SchemaLocation.of("urn:rare-egress:test:if"), shape.get("if"))
                    .validate(probe).isEmpty();
            chosen = matches ? shape.get("then") : shape.get("else");
        }
        CONDITIONAL.forEach(shape::remove);
        return chosen == null ? shape : merge(shape, branch(root, chosen, probe));
    }

    /** {@code node} with a local {@code $ref} replaced by what it points to (both apply, as in 2020-12). */
    private static ObjectNode resolve(JsonNode root, JsonNode node) {
        ObjectNode copy = node.deepCopy();
        JsonNode ref = copy.remove("$ref");
        if (ref == null) {
            return copy;
        }
        if (!ref.asText().startsWith("#/")) {
            throw new IllegalArgumentException("only local references are resolved: " + ref);
        }
        JsonNode target = root.at(ref.asText().substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolved " + ref);
        }
        return merge(resolve(root, target), copy);
    }

    /** Both schemas as one: required lists joined, properties merged field by field, otherwise {@code b}'s keywords. */
    private static ObjectNode merge(ObjectNode a, ObjectNode b) {
        ObjectNode merged = a.deepCopy();
        b.properties().forEach(entry -> {
            String key = entry.getKey();
            JsonNode mine = merged.get(key);
            JsonNode theirs = entry.getValue();
            if (key.equals("required") && mine != null) {
                Set<String> names = new LinkedHashSet<>();
                mine.forEach(name -> names.add(name.asText()));
                theirs.forEach(name -> names.add(name.asText()));
                ArrayNode required = merged.putArray("required");
                names.forEach(required::add);
            } else if (key.equals("properties") && mine != null && mine.isObject()) {
                ObjectNode properties = (ObjectNode) mine;
                theirs.properties().forEach(p -> properties.set(p.getKey(),
                        properties.get(p.getKey()) instanceof ObjectNode existing && p.getValue().isObject()
                                ? merge(existing, (ObjectNode) p.getValue()) : p.getValue().deepCopy()));
            } else {
                merged.set(key, theirs.deepCopy());
            }
        });
        return merged;
    }
}
