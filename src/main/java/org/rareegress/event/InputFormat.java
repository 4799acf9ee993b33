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
    ENVELOPE,
    /**
     * Microsoft Sentinel / Log Analytics rows of DeviceNetworkEvents: MDE rows plus {@code TimeGenerated}
     * (used when {@code Timestamp} is absent) and {@code Type} (other tables are skipped).
     */
    SENTINEL,
    /** Windows events as nxlog/Logstash or winlogbeat ship them: Sysmon 3 is mapped, Sysmon 1 joined, the rest skipped. */
    SYSMON,
    /** Elastic Common Schema network events ({@code @timestamp}, {@code host.*}, {@code process.*}, {@code destination.*}). */
    ECS;

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
