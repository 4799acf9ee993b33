package org.rareegress.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rareegress.enrich.GeoFixtures.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.ConfigException;
import org.rareegress.detect.GeoInfo;

/** Start-up: what each configuration gives, and how a bad configured file stops it with a clear message. */
class EnrichersTest {
    @TempDir
    Path dir;

    @Test
    void givesAnEnricherThatKnowsNothingAndLogsOneLineWhenNoDatabaseIsConfigured() {
        try (CapturedLogs logs = CapturedLogs.of(Enrichers.class)) {

            GeoInfo info;
            try (Enricher enricher = Enrichers.create(settings(null, null))) {
                info = enricher.lookup("81.2.69.160");
            }

            assertThat(info).isEqualTo(GeoInfo.NONE);
            assertThat(logs.messages()).singleElement().asString().contains("No GeoIP database configured");
        }
    }

    @Test
    void failsWithTheKeyAndPathWhenTheDatabaseFileIsMissing() {
        Path missing = dir.resolve("GeoLite2-Country.mmdb");

        assertThatThrownBy(() -> Enrichers.create(settings(missing, null)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("geoip.database"))
                .hasMessageContainingAll(missing.toString(), "no such file");
    }

    @Test
    void failsWithTheAsnKeyAndPathWhenTheAsnFileIsNotAMaxMindDatabase() throws IOException {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("GeoLite2-Country.mmdb"));
        Path garbage = Files.writeString(dir.resolve("GeoLite2-ASN.mmdb"), "<html>404 Not Found</html>");

        assertThatThrownBy(() -> Enrichers.create(settings(countries, garbage)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("geoip.asn-database"))
                .hasMessageContainingAll(garbage.toString(), "not a valid MaxMind DB file", "metadata marker");
    }

    @Test
    void failsWhenTheMetadataIsCutShort() throws IOException {
        byte[] whole = GeoFixtures.countryDatabase().toBytes();
        Path truncated = Files.write(dir.resolve("truncated.mmdb"), Arrays.copyOf(whole, whole.length - 20));

        assertThatThrownBy(() -> Enrichers.create(settings(truncated, null)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("geoip.database"))
                .hasMessageContainingAll(truncated.toString(), "not a valid MaxMind DB file", "metadata does not decode");
    }

    @Test
    void failsWhenTheSearchTreeIsMissing() throws IOException {
        // Keep only the metadata: it still decodes, but names a tree that is not in the file.
        byte[] whole = GeoFixtures.countryDatabase().toBytes();
        int marker = indexOf(whole, "MaxMind.com".getBytes(StandardCharsets.US_ASCII)) - 3;
        Path headless = Files.write(dir.resolve("headless.mmdb"), Arrays.copyOfRange(whole, marker, whole.length));

        assertThatThrownBy(() -> Enrichers.create(settings(headless, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll(headless.toString(), "does not fit");
    }

    @Test
    void failsWhenTheDatabaseKeyNamesAnAsnDatabase() {
        Path asns = GeoFixtures.asnDatabase().writeTo(dir.resolve("GeoLite2-ASN.mmdb"));

        assertThatThrownBy(() -> Enrichers.create(settings(asns, null)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("geoip.database"))
                .hasMessageContainingAll(asns.toString(), "GeoLite2-ASN database", "Country or City");
    }

    @Test
    void failsWhenTheAsnKeyNamesACountryDatabase() {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("GeoLite2-Country.mmdb"));

        assertThatThrownBy(() -> Enrichers.create(settings(null, countries)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("geoip.asn-database"))
                .hasMessageContainingAll(countries.toString(), "GeoLite2-Country database", "GeoLite2-ASN");
    }

    @Test
    void failsWhenThePathIsADirectory() {
        assertThatThrownBy(() -> Enrichers.create(settings(dir, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll(dir.toString(), "not a regular file");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
