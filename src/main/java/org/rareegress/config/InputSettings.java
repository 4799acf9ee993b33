package org.rareegress.config;

import java.time.Duration;
import org.rareegress.event.InputFormat;

/** How raw records are read: the format (or {@code auto}) and the limits that guard the parser. */
public record InputSettings(InputFormat format, int maxRecordBytes, Duration maxFutureSkew) {
}
