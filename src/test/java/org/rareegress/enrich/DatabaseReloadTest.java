package org.rareegress.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.enrich.GeoFixtures.SWEDEN;
import static org.rareegress.enrich.GeoFixtures.UNITED_KINGDOM;
import static org.rareegress.enrich.GeoFixtures.countryRecord;
import static org.rareegress.enrich.GeoFixtures.replaceAtomically;
import static org.rareegress.enrich.GeoFixtures.settings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.detect.GeoInfo;
import org.slf4j.event.Level;

/** A database file replaced on disk, as geoipupdate replaces it, is used without a restart. */
class DatabaseReloadTest {
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final String LONDON = "81.2.69.160";
    private static final GeoInfo IN_UK = new GeoInfo("United Kingdom", "GB", null, null);
    private static final GeoInfo IN_SWEDEN = new GeoInfo("Sweden", "SE", null, null);

    @TempDir
    Path dir;
    private final AtomicLong nanoTime = new AtomicLong(42);
    private Path database;

    @BeforeEach
    void writeTheFirstDatabase() {
        database = databaseSaying(UNITED_KINGDOM).writeTo(dir.resolve("GeoLite2-Country.mmdb"));
    }

    @Test
    void answersFromADatabaseRenamedOverTheOldOneOnceTheCheckIntervalHasPassed() {
        try (Enricher enricher = enricher(INTERVAL)) {
            GeoInfo before = enricher.lookup(LONDON);

            replaceAtomically(database, databaseSaying(SWEDEN).toBytes());
            nanoTime.addAndGet(INTERVAL.toNanos());
            GeoInfo after = enricher.lookup(LONDON);

            assertThat(before).isEqualTo(IN_UK);
            assertThat(after).isEqualTo(IN_SWEDEN);
        }
    }

    @Test
    void keepsAnsweringFromTheOldDatabaseUntilTheCheckIntervalHasPassed() {
        try (Enricher enricher = enricher(INTERVAL)) {
            replaceAtomically(database, databaseSaying(SWEDEN).toBytes());
            nanoTime.addAndGet(INTERVAL.toNanos() - 1);

            GeoInfo info = enricher.lookup(LONDON);

            assertThat(info).isEqualTo(IN_UK);
        }
    }

    @Test
    void keepsTheOldDatabaseAndWarnsOnceWhenTheReplacementIsCorrupt() {
        try (Enricher enricher = enricher(INTERVAL); CapturedLogs logs = CapturedLogs.of(ReloadingDatabase.class)) {
            replaceAtomically(database, "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));

            nanoTime.addAndGet(INTERVAL.toNanos());
            GeoInfo first = enricher.lookup(LONDON);
            nanoTime.addAndGet(INTERVAL.toNanos());
            GeoInfo second = enricher.lookup(LONDON);

            assertThat(first).isEqualTo(IN_UK);
            assertThat(second).isEqualTo(IN_UK);
            assertThat(logs.messages(Level.WARN)).singleElement().asString()
                    .contains("geoip.database", database.toString(), "not a valid MaxMind DB file", "keeping GeoLite2-Country");
        }
    }

    @Test
    void loadsAGoodReplacementThatFollowsACorruptOne() {
        try (Enricher enricher = enricher(INTERVAL)) {
            replaceAtomically(database, new byte[] {1, 2, 3});
            nanoTime.addAndGet(INTERVAL.toNanos());
            enricher.lookup(LONDON);

            replaceAtomically(database, databaseSaying(SWEDEN).toBytes());
            nanoTime.addAndGet(INTERVAL.toNanos());
            GeoInfo info = enricher.lookup(LONDON);

            assertThat(info).isEqualTo(IN_SWEDEN);
        }
    }

    @Test
    void keepsTheOldDatabaseWhenTheReplacementIsOfAnotherKind() {
        try (Enricher enricher = enricher(INTERVAL)) {
            replaceAtomically(database, GeoFixtures.asnDatabase().toBytes());
            nanoTime.addAndGet(INTERVAL.toNanos());

            GeoInfo info = enricher.lookup(LONDON);

            assertThat(info).isEqualTo(IN_UK);
        }
    }

    @Test
    void keepsTheOldDatabaseWhileTheFileIsGone() throws Exception {
        try (Enricher enricher = enricher(INTERVAL)) {
            Files.delete(database);
            nanoTime.addAndGet(INTERVAL.toNanos());

            GeoInfo info = enricher.lookup(LONDON);

            assertThat(info).isEqualTo(IN_UK);
        }
    }

    @Test
    void reloadsTheAsnDatabaseToo() {
        Path asns = GeoFixtures.asnDatabase().writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
        try (Enricher enricher = Enrichers.create(settings(null, asns), INTERVAL, nanoTime::get)) {
            enricher.lookup(LONDON);

            replaceAtomically(asns, new MmdbWriter("GeoLite2-ASN")
                    .insert("81.2.69.0/24", GeoFixtures.asnRecord(64_512, "Renumbered Ltd")).toBytes());
            nanoTime.addAndGet(INTERVAL.toNanos());
            GeoInfo info = enricher.lookup(LONDON);

            assertThat(info).isEqualTo(new GeoInfo(null, null, 64_512L, "Renumbered Ltd"));
        }
    }

    @Test
    void givesEveryThreadTheOldOrTheNewAnswerWhileTheDatabaseIsReplaced() throws Exception {
        int threads = 4;
        try (Enricher enricher = enricher(Duration.ZERO)) {
            CountDownLatch running = new CountDownLatch(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Set<GeoInfo>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    Set<GeoInfo> seen = new HashSet<>();
                    for (int i = 0; i < 5_000; i++) {
                        seen.add(enricher.lookup(LONDON));
                        if (i == 100) {
                            running.countDown();
                        }
                    }
                    return seen;
                }));
            }

            running.await(30, TimeUnit.SECONDS);
            replaceAtomically(database, databaseSaying(SWEDEN).toBytes());
            pool.shutdown();
            Set<GeoInfo> seen = new HashSet<>();
            for (Future<Set<GeoInfo>> result : results) {
                seen.addAll(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(seen).isSubsetOf(IN_UK, IN_SWEDEN).contains(IN_UK);
            assertThat(enricher.lookup(LONDON)).isEqualTo(IN_SWEDEN);
        }
    }

    private Enricher enricher(Duration interval) {
        return Enrichers.create(settings(database, null), interval, nanoTime::get);
    }

    private static MmdbWriter databaseSaying(Map<String, Object> country) {
        return new MmdbWriter("GeoLite2-Country").insert("81.2.69.0/24", countryRecord(country));
    }
}
