package org.rareegress.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.rareegress.TestFixtures;

/**
 * The OCSF 1.5.0 schema source (src/test/resources/ocsf-1.5.0/: the Detection Finding class, its parents, the
 * profiles they include, the dictionary and the objects our findings use) compiled the way the OCSF schema
 * server compiles it (a class or object extends its parent, {@code $include}s profiles, and refines
 * attributes: its keys over the parent's, enums merged; types and arrays from the dictionary), and the check
 * of a finding against it: every attribute is known to its class or object (anything goes inside
 * {@code unmapped}), required attributes are present, values have their type (with the data types' regexes
 * and ranges), enum ids are valid and their sibling captions match, {@code at_least_one} / {@code just_one}
 * constraints hold, no deprecated attribute and no attribute of a profile the finding does not declare
 * ({@code metadata.profiles}) is used, and class, category and type uids agree.
 */
public final class OcsfSchema {
    private static volatile OcsfSchema instance;

    private final Path root;
    private final JsonNode dictionary;
    private final JsonNode types;
    private final JsonNode categories;
    private final Map<String, Definition> objects = new HashMap<>();
    private final Definition detectionFinding;
    private final Map<String, String> observableCaptions = new TreeMap<>();

    /** An attribute of a class or object, after merging. {@code type} is a data type (…_t), an object name or "object". */
    record Attribute(String name, String type, boolean array, String requirement, Map<String, String> enumCaptions,
                     String sibling, String profile, boolean deprecated) {
    }

    /** A compiled class or object. */
    record Definition(String name, Map<String, Attribute> attributes, JsonNode constraints, int uid, String category) {
    }

    private OcsfSchema(Path root) {
        this.root = root;
        this.dictionary = OutputSchemas.read(root.resolve("dictionary.json"));
        this.types = dictionary.path("types").path("attributes");
        this.categories = OutputSchemas.read(root.resolve("categories.json")).path("attributes");
        collectObservableTypes();
        this.detectionFinding = withUids(compile(raw("events/findings/detection_finding.json"), "events"));
    }

    public static OcsfSchema get() {
        if (instance == null) {
            synchronized (OcsfSchema.class) {
                if (instance == null) {
                    instance = new OcsfSchema(TestFixtures.path("ocsf-1.5.0"));
                }
            }
        }
        return instance;
    }

    /** The compiled Detection Finding class: its attributes, for the tests that look at them. */
    public Map<String, Attribute> detectionFindingAttributes() {
        return detectionFinding.attributes();
    }

    public int detectionFindingClassUid() {
        return categoryUid(detectionFinding.category()) * 1000 + detectionFinding.uid();
    }

    /** What is wrong with {@code finding} as an OCSF 1.5.0 Detection Finding; empty when nothing is. */
    public List<String> errors(JsonNode finding) {
        List<String> errors = new ArrayList<>();
        Set<String> profiles = new HashSet<>();
        finding.path("metadata").path("profiles").forEach(p -> profiles.add(p.asText()));
        validateObject("", finding, detectionFinding, profiles, errors);
        int classUid = detectionFindingClassUid();
        int categoryUid = categoryUid(detectionFinding.category());
        expect(errors, "class_uid", finding.path("class_uid").asInt(-1), classUid);
        expect(errors, "category_uid", finding.path("category_uid").asInt(-1), categoryUid);
        expect(errors, "type_uid", finding.path("type_uid").asLong(-1), classUid * 100L + finding.path("activity_id").asInt());
        expect(errors, "metadata.version", finding.path("metadata").path("version").asText(),
                OutputSchemas.read(root.resolve("version.json")).path("version").asText());
        return errors;
    }

    private static void expect(List<String> errors, String path, Object actual, Object expected) {
        if (!expected.equals(actual)) {
            errors.add(path + ": must be " + expected + ", got " + actual);
        }
    }

    private void validateObject(String path, JsonNode node, Definition definition, Set<String> profiles,
                                List<String> errors) {
        if (!node.isObject()) {
            errors.add(at(path) + "must be a " + definition.name() + " object, got " + node);
            return;
        }
        node.properties().forEach(entry -> {
            String name = entry.getKey();
            String here = path.isEmpty() ? name : path + "." + name;
            Attribute attribute = definition.attributes().get(name);
            if (attribute == null) {
                errors.add(here + ": not an attribute of " + definition.name() + " (extra data belongs in unmapped)");
                return;
            }
            if (attribute.profile() != null && !profiles.contains(attribute.profile())) {
                errors.add(here + ": an attribute of the profile " + attribute.profile() + ", not in metadata.profiles");
            }
            if (attribute.deprecated()) {
                errors.add(here + ": deprecated in OCSF 1.5.0");
            }
            validateValue(here, entry.getValue(), attribute, node, profiles, errors);
        });
        definition.attributes().values().forEach(attribute -> {
            boolean applies = attribute.profile() == null || profiles.contains(attribute.profile());
            if (applies && attribute.requirement().equals("required")
                    && (!node.has(attribute.name()) || node.get(attribute.name()).isNull())) {
                errors.add(at(path) + "the required attribute " + attribute.name() + " of " + definition.name() + " is missing");
            }
        });
        JsonNode constraints = definition.constraints();
        for (String kind : List.of("at_least_one", "just_one")) {
            if (constraints.has(kind)) {
                long present = 0;
                List<String> names = new ArrayList<>();
                for (JsonNode name : constraints.get(kind)) {
                    names.add(name.asText());
                    present += node.hasNonNull(name.asText()) ? 1 : 0;
                }
                if (present == 0 || (kind.equals("just_one") && present > 1)) {
                    errors.add(at(path) + definition.name() + " needs " + kind.replace('_', ' ') + " of " + names);
                }
            }
        }
    }

    private void validateValue(String path, JsonNode value, Attribute attribute, JsonNode parent, Set<String> profiles,
                               List<String> errors) {
        if (value.isNull()) {
            errors.add(path + ": null (leave absent values out)");
            return;
        }
        if (attribute.array()) {
            if (!value.isArray()) {
                errors.add(path + ": must be an array of " + attribute.type());
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                validateOne(path + "[" + i + "]", value.get(i), attribute, parent, profiles, errors);
            }
        } else if (value.isArray()) {
            errors.add(path + ": must be a single " + attribute.type() + ", not an array");
        } else {
            validateOne(path, value, attribute, parent, profiles, errors);
        }
    }

    private void validateOne(String path, JsonNode value, Attribute attribute, JsonNode parent, Set<String> profiles,
                             List<String> errors) {
        String type = attribute.type();
        if (type.equals("object")) {
            if (!value.isObject()) {
                errors.add(path + ": must be an object");
            }
            return; // free-form (unmapped)
        }
        if (!type.endsWith("_t")) {
            validateObject(path, value, object(type), profiles, errors);
            return;
        }
        String problem = scalarProblem(type, value);
        if (problem != null) {
            errors.add(path + ": " + problem + ", got " + value);
            return;
        }
        if (!attribute.enumCaptions().isEmpty()) {
            String caption = attribute.enumCaptions().get(value.asText());
            if (caption == null) {
                errors.add(path + ": " + value + " is not one of " + attribute.enumCaptions().keySet());
            } else if (attribute.sibling() != null && parent.has(attribute.sibling()) && !value.asText().equals("99")
                    && !parent.get(attribute.sibling()).asText().equals(caption)) {
                errors.add(path + ": its sibling " + attribute.sibling() + " must be the caption '" + caption + "', got "
                        + parent.get(attribute.sibling()));
            }
        }
    }

    /** Null when {@code value} is a valid {@code type}, following the data type's base types, regexes and ranges. */
    private String scalarProblem(String type, JsonNode value) {
        String base = type;
        List<JsonNode> chain = new ArrayList<>();
        while (true) {
            JsonNode definition = types.get(base);
            if (definition == null) {
                return "has the unknown data type " + base;
            }
            chain.add(definition);
            if (!definition.has("type")) {
                break;
            }
            base = definition.get("type").asText();
        }
        String problem = switch (base) {
            case "string_t" -> value.isTextual() ? null : "must be a string";
            case "integer_t" -> value.canConvertToInt() && value.isIntegralNumber() ? null : "must be a 32-bit integer";
            case "long_t" -> value.isIntegralNumber() && value.canConvertToLong() ? null : "must be a 64-bit integer";
            case "float_t" -> value.isNumber() ? null : "must be a number";
            case "boolean_t" -> value.isBoolean() ? null : "must be true or false";
            case "json_t" -> null;
            default -> "has the data type " + base + ", which this check does not know";
        };
        if (problem != null) {
            return problem + " (" + type + ")";
        }
        for (JsonNode definition : chain) {
            if (definition.has("regex") && !Pattern.compile(definition.get("regex").asText()).matcher(value.asText()).find()) {
                return "does not match the regular expression of " + type;
            }
            if (definition.has("max_len") && value.asText().length() > definition.get("max_len").asInt()) {
                return "is longer than " + definition.get("max_len").asInt() + " (" + type + ")";
            }
            if (definition.has("range") && (value.asLong() < definition.get("range").get(0).asLong()
                    || value.asLong() > definition.get("range").get(1).asLong())) {
                return "is out of the range " + definition.get("range") + " of " + type;
            }
        }
        return null;
    }

    private Definition object(String name) {
        Definition definition = objects.get(name);
        if (definition == null) {
            definition = compile(raw("objects/" + name + ".json"), "objects");
            objects.put(name, definition);
        }
        return definition;
    }

    /** A class (folder "events") or object (folder "objects") with its parents, includes and refinements merged. */
    private Definition compile(JsonNode source, String folder) {
        Map<String, ObjectNode> merged = new LinkedHashMap<>();
        JsonNode constraints = source.path("constraints");
        String category = source.path("category").asText(null);
        if (source.has("extends")) {
            String parent = source.get("extends").asText();
            Definition parentDefinition = folder.equals("objects") ? object(parent) : compile(raw(eventPath(parent)), folder);
            parentDefinition.attributes().values().forEach(a -> merged.put(a.name(), rawOf(a)));
            if (!source.has("constraints")) {
                constraints = parentDefinition.constraints();
            }
            if (category == null) {
                category = parentDefinition.category();
            }
        }
        JsonNode attributes = source.path("attributes");
        for (JsonNode include : attributes.path("$include")) {
            JsonNode profile = raw(include.asText());
            String profileName = profile.path("name").asText();
            profile.path("attributes").properties().forEach(e -> {
                ObjectNode refined = ((ObjectNode) e.getValue()).deepCopy();
                if (!refined.has("profile")) {
                    refined.put("profile", profileName);
                }
                merge(merged, e.getKey(), refined);
            });
        }
        attributes.properties().forEach(e -> {
            if (!e.getKey().equals("$include")) {
                merge(merged, e.getKey(), (ObjectNode) e.getValue());
            }
        });
        Map<String, Attribute> compiled = new LinkedHashMap<>();
        merged.forEach((name, refined) -> compiled.put(name, attribute(name, refined)));
        return new Definition(source.path("name").asText(), compiled, constraints == null ? objectNode() : constraints,
                source.path("uid").asInt(0), category);
    }

    /**
     * The uids the schema server computes for a class: class_uid (category uid * 1000 + class uid) captioned
     * with the class, category_uid with the category, type_uid (class_uid * 100 + activity_id) with
     * "class: activity". The base event's enums of these ({@code 0}) are only placeholders.
     */
    private Definition withUids(Definition definition) {
        Map<String, Attribute> attributes = new LinkedHashMap<>(definition.attributes());
        JsonNode category = categories.path(definition.category());
        int classUid = category.path("uid").asInt() * 1000 + definition.uid();
        String caption = raw("events/findings/" + definition.name() + ".json").path("caption").asText();
        replaceEnum(attributes, "class_uid", Map.of(String.valueOf(classUid), caption));
        replaceEnum(attributes, "category_uid", Map.of(category.path("uid").asText(), category.path("caption").asText()));
        Map<String, String> typeUids = new TreeMap<>();
        attributes.get("activity_id").enumCaptions().forEach((id, activity) ->
                typeUids.put(String.valueOf(classUid * 100L + Long.parseLong(id)), caption + ": " + activity));
        replaceEnum(attributes, "type_uid", typeUids);
        return new Definition(definition.name(), attributes, definition.constraints(), definition.uid(), definition.category());
    }

    private static void replaceEnum(Map<String, Attribute> attributes, String name, Map<String, String> captions) {
        Attribute a = attributes.get(name);
        attributes.put(name, new Attribute(a.name(), a.type(), a.array(), a.requirement(), new TreeMap<>(captions), a.sibling(),
                a.profile(), a.deprecated()));
    }

    private static void merge(Map<String, ObjectNode> merged, String name, ObjectNode refinement) {
        ObjectNode target = merged.computeIfAbsent(name, n -> objectNode());
        refinement.properties().forEach(e -> {
            if (e.getKey().equals("enum") && target.has("enum")) {
                ((ObjectNode) target.get("enum")).setAll((ObjectNode) e.getValue().deepCopy());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** The class or object refinement joined with the dictionary's definition of the attribute. */
    private Attribute attribute(String name, ObjectNode refined) {
        JsonNode entry = dictionary.path("attributes").path(name);
        if (entry.isMissingNode()) {
            throw new IllegalStateException("attribute " + name + " is not in the OCSF dictionary");
        }
        String type = refined.has("type") ? refined.get("type").asText() : entry.path("type").asText();
        Map<String, String> captions = new TreeMap<>();
        entry.path("enum").properties().forEach(e -> captions.put(e.getKey(), e.getValue().path("caption").asText()));
        refined.path("enum").properties().forEach(e -> captions.put(e.getKey(), e.getValue().path("caption").asText()));
        JsonNode profile = refined.get("profile");
        return new Attribute(name, type, entry.path("is_array").asBoolean(false),
                refined.path("requirement").asText("optional"), captions,
                entry.path("sibling").asText(null), profile == null || profile.isNull() ? null : profile.asText(),
                refined.has("@deprecated") || entry.has("@deprecated"));
    }

    /** An attribute back in the raw form, so that a child's refinements merge over it. */
    private static ObjectNode rawOf(Attribute attribute) {
        ObjectNode raw = objectNode();
        raw.put("requirement", attribute.requirement());
        if (attribute.profile() != null) {
            raw.put("profile", attribute.profile());
        }
        if (!attribute.enumCaptions().isEmpty()) {
            ObjectNode values = raw.putObject("enum");
            attribute.enumCaptions().forEach((id, caption) -> values.putObject(id).put("caption", caption));
        }
        if (attribute.deprecated()) {
            raw.putObject("@deprecated");
        }
        raw.put("type", attribute.type());
        return raw;
    }

    /**
     * The observable types: the schema server adds every data type, attribute and object that declares an
     * {@code observable} id to the enum of observable.type_id, with its caption.
     */
    private void collectObservableTypes() {
        types.properties().forEach(e -> {
            if (e.getValue().has("observable")) {
                observableCaptions.put(e.getValue().get("observable").asText(), e.getValue().path("caption").asText());
            }
        });
        dictionary.path("attributes").properties().forEach(e -> {
            if (e.getValue().has("observable")) {
                observableCaptions.put(e.getValue().get("observable").asText(), e.getValue().path("caption").asText());
            }
        });
        try (var files = Files.list(root.resolve("objects"))) {
            files.forEach(file -> {
                JsonNode object = OutputSchemas.read(file);
                if (object.has("observable")) {
                    observableCaptions.put(object.get("observable").asText(), object.path("caption").asText());
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode raw(String relative) {
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException("the OCSF definition " + relative + " is not in src/test/resources/ocsf-1.5.0/"
                    + " (copy it from the OCSF 1.5.0 schema source when a finding starts using it)");
        }
        JsonNode node = OutputSchemas.read(file);
        if (relative.equals("objects/observable.json")) {
            ObjectNode copy = node.deepCopy();
            ObjectNode typeId = (ObjectNode) copy.with("attributes").with("type_id");
            ObjectNode values = typeId.with("enum");
            observableCaptions.forEach((id, caption) -> values.putObject(id).put("caption", caption));
            return copy;
        }
        return node;
    }

    private static String eventPath(String name) {
        return name.equals("base_event") ? "events/base_event.json" : "events/findings/" + name + ".json";
    }

    private int categoryUid(String category) {
        return categories.path(category).path("uid").asInt(-1);
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static ObjectNode objectNode() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
}
