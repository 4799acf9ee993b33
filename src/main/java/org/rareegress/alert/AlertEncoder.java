package org.rareegress.alert;

import org.rareegress.codec.OutputJson;
import org.rareegress.detect.Alert;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.StormAlert;

/**
 * Writes alerts in the configured {@code alert.format}, each with its {@link Detection} metadata: what the
 * {@code enrich-alerts} node sends to the alert topic and {@code backtest --alerts} writes, one JSON document
 * per alert, STORM alerts included.
 */
public final class AlertEncoder {
    private final AlertFormat format;
    private final FilterSettings filter;

    public AlertEncoder(AlertFormat format, FilterSettings filter) {
        this.format = format;
        this.filter = filter;
    }

    public AlertFormat format() {
        return format;
    }

    public byte[] encode(Alert alert) {
        Detection detection = Detection.of(alert, filter);
        return OutputJson.toBytes(switch (format) {
            case NATIVE -> NativeAlert.of(alert, detection);
            case ECS -> EcsAlert.document(alert, detection, filter);
            case OCSF -> OcsfFinding.document(alert, detection, filter);
        });
    }

    public byte[] encode(StormAlert storm) {
        Detection detection = Detection.of(storm, filter);
        return OutputJson.toBytes(switch (format) {
            case NATIVE -> NativeStormAlert.of(storm, detection);
            case ECS -> EcsStorm.document(storm, detection);
            case OCSF -> OcsfStorm.document(storm, detection);
        });
    }
}
