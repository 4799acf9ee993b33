package org.rareegress.enrich;

import org.rareegress.config.GeoIpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the enricher the configuration asks for. */
public final class Enrichers {
    private static final Logger LOG = LoggerFactory.getLogger(Enrichers.class);

    private Enrichers() {
    }

    public static Enricher create(GeoIpSettings settings) {
        if (settings.database().isEmpty() && settings.asnDatabase().isEmpty()) {
            LOG.info("No GeoIP database configured (geoip.database, geoip.asn-database): RemoteIP_country stays null");
            return Enricher.none();
        }
        throw new UnsupportedOperationException("GeoIP enrichment is not built yet");
    }
}
