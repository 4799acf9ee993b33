package org.rareegress.enrich;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.rareegress.config.ConfigException;
import org.rareegress.config.GeoIpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the enricher the configuration asks for. */
public final class Enrichers {
    private static final Logger LOG = LoggerFactory.getLogger(Enrichers.class);

    /** How often a lookup may look at the files for a replacement: one stat call per file, so cheap. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    private Enrichers() {
    }

    /**
     * The MaxMind enricher for the configured databases, or {@link Enricher#none()} when none is.
     *
     * @throws ConfigException keyed {@code geoip.database} or {@code geoip.asn-database} when a configured
     *                         file is missing, unreadable, corrupt or of the wrong type
     */
    public static Enricher create(GeoIpSettings settings) {
        return create(settings, CHECK_INTERVAL, System::nanoTime);
    }

    /**
     * As {@link #create(GeoIpSettings)}, checking the files for a replacement at most once per
     * {@code checkInterval} of {@code nanoTime} (monotonic nanoseconds; tests pass a fake to avoid sleeping).
     */
    public static Enricher create(GeoIpSettings settings, Duration checkInterval, LongSupplier nanoTime) {
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("checkInterval must not be negative, got " + checkInterval);
        }
        if (settings.database().isEmpty() && settings.asnDatabase().isEmpty()) {
            LOG.info("No GeoIP database configured (geoip.database, geoip.asn-database): RemoteIP_country stays null");
            return Enricher.none();
        }
        Path database = settings.database().orElse(null);
        Path asnDatabase = settings.asnDatabase().orElse(null);
        ReloadingDatabase countries = open(DatabaseKind.COUNTRY, database, checkInterval, nanoTime);
        try {
            ReloadingDatabase asns = open(DatabaseKind.ASN, asnDatabase, checkInterval, nanoTime);
            return new MaxMindEnricher(countries, asns);
        } catch (RuntimeException e) {
            // The ASN file failed start-up: do not leave the country file open behind the exception.
            if (countries != null) {
                countries.close();
            }
            throw e;
        }
    }

    private static ReloadingDatabase open(DatabaseKind kind, Path path, Duration checkInterval, LongSupplier nanoTime) {
        if (path == null) {
            LOG.info("{} not configured: {} stay null", kind.key(), kind.fields());
            return null;
        }
        return ReloadingDatabase.open(kind, path, checkInterval, nanoTime);
    }
}
