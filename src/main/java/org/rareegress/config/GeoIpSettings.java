package org.rareegress.config;

import java.nio.file.Path;
import java.util.Optional;

/** MaxMind databases; both optional. */
public record GeoIpSettings(Optional<Path> database, Optional<Path> asnDatabase) {
}
