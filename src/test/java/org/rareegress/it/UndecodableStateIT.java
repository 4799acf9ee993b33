package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * A stored process state that cannot be decoded (a bug, or a changelog written by something else) costs
 * its own row of {@code /rare-processes}, counted as the processor counts it, not the whole table.
 */
@ExtendWith(KafkaBroker.class)
class UndecodableStateIT {
    @TempDir
    Path dir;

    @Test
    void theTableLeavesOutAndCountsAStateItCannotDecode(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "http.table-refresh=PT0S");
        // Created before the first start, Kafka Streams takes the changelog as it finds it, and restores
        // this record into the store: version byte 0x7f is no encoding the codec knows.
        String changelog = fixture.applicationId + "-process-prevalence-store-changelog";
        kafka.createTopic(new NewTopic(changelog, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        kafka.produce(changelog, List.of(KeyValue.pair("broken.exe", "\u007f")));
        fixture.produce(List.of(KeyValue.pair(null, anEvent().process("good.exe").json())));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(Duration.ofMinutes(3), detector);

            HttpResponse<String> table = HttpCalls.get(detector.httpPort(), "/rare-processes");

            assertThat(table.statusCode()).as(table.body()).isEqualTo(200);
            assertThat(DetectorFixture.rows(table.body())).extracting(row -> row.get("InitiatingProcessFileName").asText())
                    .containsExactly("good.exe");
            assertThat(detector.metrics().statesDiscarded()).isPositive();
            assertThat(HttpCalls.get(detector.httpPort(), "/metrics").body())
                    .containsPattern("rare_egress_states_discarded_total [1-9]");
        }
    }
}
