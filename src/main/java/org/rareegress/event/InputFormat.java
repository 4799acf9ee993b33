package org.rareegress.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The input formats a record may be in; {@link #AUTO} detects the format of each record. */
public enum InputFormat {
    /** Detect per record. */
    AUTO,
    /** Microsoft Defender for Endpoint Advanced Hunting rows of DeviceNetworkEvents, one per line or record. */
    MDE,
    /** Defender Streaming-API envelopes: {@code {"records":[{"category":...,"properties":{...}}]}}. */
    ENVELOPE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InputFormat> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.configName().equalsIgnoreCase(name.strip())).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(InputFormat::configName).toList();
    }
}
