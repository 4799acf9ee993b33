package org.rareegress.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Small helpers to build the ECS and OCSF documents: absent values are left out, never written as null. */
final class JsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static void put(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    static void put(ObjectNode node, String name, Number value) {
        if (value instanceof Long || value instanceof Integer) {
            node.put(name, value.longValue());
        } else if (value != null) {
            node.put(name, value.doubleValue());
        }
    }

    /** Sets {@code child} unless it is empty. */
    static void put(ObjectNode node, String name, ObjectNode child) {
        if (child != null && !child.isEmpty()) {
            node.set(name, child);
        }
    }

    /** Copies each named field of {@code from} into {@code to}, in that order; absent or null ones are left out. */
    static void copy(ObjectNode to, JsonNode from, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null && !value.isNull()) {
                to.set(field, value);
            }
        }
    }

    static void putStrings(ObjectNode node, String name, Collection<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
        }
    }

    static void putInts(ObjectNode node, String name, Collection<Integer> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
        }
    }
}
