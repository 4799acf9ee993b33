package org.rareegress.alert;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How alerts are written ({@code alert.format}): the native JSON (the hunt's own field names, the default),
 * an Elastic Common Schema document, or an OCSF Detection Finding. The hunt table and dead letters have one
 * format only.
 */
public enum AlertFormat {
    /** Defender-style field names (schemas/alert.schema.json). */
    NATIVE,
    /** Elastic Common Schema 9.x, extras under {@code rare_egress.*} (schemas/alert-ecs.schema.json). */
    ECS,
    /** OCSF 1.5 Detection Finding, class 2004, extras under {@code unmapped.rare_egress} (schemas/alert-ocsf.schema.json). */
    OCSF;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertFormat> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.configName().equalsIgnoreCase(name.strip())).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(AlertFormat::configName).toList();
    }
}
