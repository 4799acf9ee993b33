package org.rareegress.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rareegress.config.GeoIpSettings;
import org.rareegress.enrich.MmdbData.Uint16;
import org.rareegress.enrich.MmdbData.Uint32;

/** Records in the GeoIP2/GeoLite2 schema and small databases made of them. */
final class GeoFixtures {
    static final Map<String, Object> UNITED_KINGDOM = country("GB", 2_635_167, "United Kingdom", "Vereinigtes Königreich");
    static final Map<String, Object> SWEDEN = country("SE", 2_661_886, "Sweden", "Schweden");
    static final Map<String, Object> GERMANY = country("DE", 2_921_044, "Germany", "Deutschland");

    private GeoFixtures() {
    }

    /** 81.2.69.0/24 United Kingdom, 89.160.20.0/22 Sweden, 5.9.0.0/16 Germany. */
    static MmdbWriter countryDatabase() {
        return new MmdbWriter("GeoLite2-Country").recordSize(24)
                .insert("81.2.69.0/24", countryRecord(UNITED_KINGDOM))
                .insert("89.160.20.0/22", countryRecord(SWEDEN))
                .insert("5.9.0.0/16", countryRecord(GERMANY));
    }

    /** 81.2.69.0/24 London, United Kingdom; 89.160.20.112/28 Linköping, Sweden. */
    static MmdbWriter cityDatabase() {
        return new MmdbWriter("GeoIP2-City").recordSize(28)
                .insert("81.2.69.0/24", cityRecord("London", 2_643_743, "ENG", "England", UNITED_KINGDOM))
                .insert("89.160.20.112/28", cityRecord("Linköping", 2_694_762, "E", "Östergötland County", SWEDEN));
    }

    /** 1.0.0.0/24 AS13335 Cloudflare, 12.81.92.0/22 AS7018 AT&amp;T, 81.2.69.0/24 AS20712 Andrews &amp; Arnold. */
    static MmdbWriter asnDatabase() {
        return new MmdbWriter("GeoLite2-ASN").recordSize(32).ipVersion(4)
                .insert("1.0.0.0/24", asnRecord(13_335, "Cloudflare, Inc."))
                .insert("12.81.92.0/22", asnRecord(7_018, "AT&T Services"))
                .insert("81.2.69.0/24", asnRecord(20_712, "Andrews & Arnold Ltd"));
    }

    static Map<String, Object> country(String isoCode, long geonameId, String english, String german) {
        return Map.of("geoname_id", new Uint32(geonameId), "iso_code", isoCode, "is_in_european_union",
                !isoCode.equals("GB"), "names", Map.of("de", german, "en", english));
    }

    static Map<String, Object> countryRecord(Map<String, Object> country) {
        return Map.of("continent", europe(), "country", country, "registered_country", country);
    }

    static Map<String, Object> cityRecord(String city, long geonameId, String subdivisionCode, String subdivision,
                                          Map<String, Object> country) {
        return Map.of(
                "city", Map.of("geoname_id", new Uint32(geonameId), "names", Map.of("en", city)),
                "continent", europe(),
                "country", country,
                "location", Map.of("accuracy_radius", new Uint16(100), "latitude", 51.5, "longitude", -0.1),
                "registered_country", country,
                "subdivisions", List.of(Map.of("iso_code", subdivisionCode, "names", Map.of("en", subdivision))));
    }

    static Map<String, Object> asnRecord(long number, String organisation) {
        return Map.of("autonomous_system_number", new Uint32(number), "autonomous_system_organization", organisation);
    }

    private static Map<String, Object> europe() {
        return Map.of("code", "EU", "geoname_id", new Uint32(6_255_148), "names", Map.of("en", "Europe"));
    }

    static GeoIpSettings settings(Path database, Path asnDatabase) {
        return new GeoIpSettings(Optional.ofNullable(database), Optional.ofNullable(asnDatabase));
    }

    /** Replaces a file as geoipupdate does: the new content goes to a temporary file, then a rename over the old. */
    static void replaceAtomically(Path target, byte[] content) {
        try {
            Path temporary = Files.createTempFile(target.getParent(), "update-", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
