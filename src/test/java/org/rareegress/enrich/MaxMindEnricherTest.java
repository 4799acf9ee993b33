package org.rareegress.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.enrich.GeoFixtures.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.detect.GeoInfo;
import org.slf4j.event.Level;

class MaxMindEnricherTest {
    @TempDir
    Path dir;

    @Test
    void givesTheEnglishCountryNameAndIsoCodeOfAnAddressInsideANetwork() {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("countries.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(countries, null))) {
            GeoInfo germany = enricher.lookup("5.9.12.34");
            GeoInfo sweden = enricher.lookup("89.160.23.255");

            assertThat(germany).isEqualTo(new GeoInfo("Germany", "DE", null, null));
            assertThat(sweden).isEqualTo(new GeoInfo("Sweden", "SE", null, null));
        }
    }

    @Test
    void givesNullsForAnAddressOutsideEveryNetwork() {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("countries.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(countries, null))) {
            GeoInfo info = enricher.lookup("8.8.8.8");

            assertThat(info).isEqualTo(GeoInfo.NONE);
        }
    }

    @Test
    void readsTheCountryFromACityDatabase() {
        Path cities = GeoFixtures.cityDatabase().writeTo(dir.resolve("cities.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(cities, null))) {
            GeoInfo london = enricher.lookup("81.2.69.160");
            GeoInfo linkoping = enricher.lookup("89.160.20.120");
            GeoInfo outsideTheCity = enricher.lookup("89.160.20.100");

            assertThat(london).isEqualTo(new GeoInfo("United Kingdom", "GB", null, null));
            assertThat(linkoping).isEqualTo(new GeoInfo("Sweden", "SE", null, null));
            assertThat(outsideTheCity).isEqualTo(GeoInfo.NONE);
        }
    }

    @Test
    void givesTheAsNumberAndOrganisationFromAnAsnDatabaseAlone() {
        Path asns = GeoFixtures.asnDatabase().writeTo(dir.resolve("asn.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(null, asns))) {
            GeoInfo att = enricher.lookup("12.81.92.1");
            GeoInfo outside = enricher.lookup("8.8.8.8");

            assertThat(att).isEqualTo(new GeoInfo(null, null, 7018L, "AT&T Services"));
            assertThat(outside).isEqualTo(GeoInfo.NONE);
        }
    }

    @Test
    void combinesCountryAndAsWhenBothDatabasesAreConfigured() {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("countries.mmdb"));
        Path asns = GeoFixtures.asnDatabase().writeTo(dir.resolve("asn.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(countries, asns))) {
            GeoInfo both = enricher.lookup("81.2.69.160");
            GeoInfo asOnly = enricher.lookup("1.0.0.1");

            assertThat(both).isEqualTo(new GeoInfo("United Kingdom", "GB", 20712L, "Andrews & Arnold Ltd"));
            assertThat(asOnly).isEqualTo(new GeoInfo(null, null, 13335L, "Cloudflare, Inc."));
        }
    }

    @Test
    void looksUpAnIpv4MappedIpv6AddressAsItsIpv4Address() {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("countries.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(countries, null))) {
            GeoInfo info = enricher.lookup("::ffff:81.2.69.160");

            assertThat(info.countryIsoCode()).isEqualTo("GB");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-an-address", "localhost", "81.2.69.256", "81.2.69", "2001:db8::1"})
    void givesNullsForTextThatIsNotAnIpv4Address(String text) {
        // A database covering every IPv4 address: an empty answer can only mean the text was refused.
        Path countries = new MmdbWriter("GeoLite2-Country").ipVersion(6)
                .insert("0.0.0.0/1", GeoFixtures.countryRecord(GeoFixtures.GERMANY))
                .insert("128.0.0.0/1", GeoFixtures.countryRecord(GeoFixtures.GERMANY))
                .writeTo(dir.resolve("everywhere.mmdb"));

        try (Enricher enricher = Enrichers.create(settings(countries, null))) {
            GeoInfo info = enricher.lookup(text);

            assertThat(info).isEqualTo(GeoInfo.NONE);
        }
    }

    @Test
    void givesNullsAndWarnsOnceWhenTheDataSectionIsCorrupt() throws IOException {
        // Sound metadata and tree, but the record bytes overwritten: the reader only finds out on a lookup.
        byte[] bytes = new MmdbWriter("GeoLite2-Country").recordSize(24).ipVersion(4)
                .insert("81.2.69.0/24", GeoFixtures.countryRecord(GeoFixtures.UNITED_KINGDOM)).toBytes();
        int dataSection = 24 * 6 + 16; // one /24 in an IPv4 tree: 24 nodes of two 3-byte records, then 16 zeros
        Arrays.fill(bytes, dataSection, dataSection + 40, (byte) 0xFF);
        Path corrupt = Files.write(dir.resolve("corrupt.mmdb"), bytes);

        try (Enricher enricher = Enrichers.create(settings(corrupt, null));
             CapturedLogs logs = CapturedLogs.of(ReloadingDatabase.class)) {
            GeoInfo first = enricher.lookup("81.2.69.160");
            GeoInfo second = enricher.lookup("81.2.69.161");

            assertThat(first).isEqualTo(GeoInfo.NONE);
            assertThat(second).isEqualTo(GeoInfo.NONE);
            assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("geoip.database", "lookups in");
        }
    }

    @Test
    void answersTheSameFromManyThreadsAtOnce() throws Exception {
        Path countries = GeoFixtures.countryDatabase().writeTo(dir.resolve("countries.mmdb"));
        Path asns = GeoFixtures.asnDatabase().writeTo(dir.resolve("asn.mmdb"));
        List<String> addresses = List.of("81.2.69.160", "89.160.20.1", "5.9.0.1", "1.0.0.1", "12.81.95.254", "8.8.8.8");
        int threads = 4;
        int rounds = 2_000;

        try (Enricher enricher = Enrichers.create(settings(countries, asns))) {
            Map<String, GeoInfo> expected = new HashMap<>();
            addresses.forEach(address -> expected.put(address, enricher.lookup(address)));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Map<String, Set<GeoInfo>>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    Map<String, Set<GeoInfo>> seen = new HashMap<>();
                    for (int i = 0; i < rounds; i++) {
                        String address = addresses.get(i % addresses.size());
                        seen.computeIfAbsent(address, a -> new HashSet<>()).add(enricher.lookup(address));
                    }
                    return seen;
                }));
            }
            start.countDown();
            pool.shutdown();

            for (Future<Map<String, Set<GeoInfo>>> result : results) {
                Map<String, Set<GeoInfo>> seen = result.get(30, TimeUnit.SECONDS);
                addresses.forEach(address -> assertThat(seen.get(address)).containsExactly(expected.get(address)));
            }
            assertThat(expected.get("81.2.69.160")).isEqualTo(new GeoInfo("United Kingdom", "GB", 20712L, "Andrews & Arnold Ltd"));
        }
    }
}
