package org.rareegress.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.rareegress.detect.StormAlert;

/**
 * A STORM alert as {@code alert.format=native} writes it ({@code $defs/StormAlert} of schemas/alert.schema.json):
 * the storm's own fields, then the schema version and the detection metadata, as {@link NativeAlert} does.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NativeStormAlert(@JsonUnwrapped StormAlert storm, @JsonUnwrapped NativeAlert.Metadata metadata) {

    public static NativeStormAlert of(StormAlert storm, Detection detection) {
        return new NativeStormAlert(storm, NativeAlert.Metadata.of(NativeAlert.SCHEMA_VERSION, detection));
    }
}
