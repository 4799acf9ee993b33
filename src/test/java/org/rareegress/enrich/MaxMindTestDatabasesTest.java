package org.rareegress.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.enrich.GeoFixtures.settings;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rareegress.TestFixtures;
import org.rareegress.detect.GeoInfo;

/**
 * Cross-check against MaxMind's own test databases (maxmind/MaxMind-DB, test-data), copied into
 * {@code src/test/resources/geoip/}: the fixture writer could share a misreading of the format with our
 * code, MaxMind's files cannot.
 */
class MaxMindTestDatabasesTest {
    @Test
    void countryTestDatabasePlacesTheAddressInTheUnitedKingdom() {
        Path countries = testDatabase("GeoIP2-Country-Test.mmdb");

        try (Enricher enricher = Enrichers.create(settings(countries, null))) {
            GeoInfo info = enricher.lookup("81.2.69.160");

            assertThat(info).isEqualTo(new GeoInfo("United Kingdom", "GB", null, null));
        }
    }

    @Test
    void cityTestDatabasePlacesTheAddressInTheUnitedKingdom() {
        Path cities = testDatabase("GeoIP2-City-Test.mmdb");

        try (Enricher enricher = Enrichers.create(settings(cities, null))) {
            GeoInfo info = enricher.lookup("81.2.69.160");

            assertThat(info).isEqualTo(new GeoInfo("United Kingdom", "GB", null, null));
        }
    }

    @Test
    void asnTestDatabaseNamesGoogleAndAtt() {
        Path asns = testDatabase("GeoLite2-ASN-Test.mmdb");

        try (Enricher enricher = Enrichers.create(settings(null, asns))) {
            GeoInfo google = enricher.lookup("1.0.0.1");
            GeoInfo att = enricher.lookup("12.81.92.1");

            assertThat(google).isEqualTo(new GeoInfo(null, null, 15169L, "Google Inc."));
            assertThat(att).isEqualTo(new GeoInfo(null, null, 7018L, "AT&T Services"));
        }
    }

    @Test
    void anAddressInNoTestDatabaseGetsNulls() {
        Path cities = testDatabase("GeoIP2-City-Test.mmdb");
        Path asns = testDatabase("GeoLite2-ASN-Test.mmdb");

        try (Enricher enricher = Enrichers.create(settings(cities, asns))) {
            GeoInfo info = enricher.lookup("8.8.8.8");

            assertThat(info).isEqualTo(GeoInfo.NONE);
        }
    }

    private static Path testDatabase(String name) {
        return TestFixtures.path("geoip/" + name);
    }
}
