package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * The Helm chart sets {@code kafka.group.instance.id} to the pod's name (static membership): the id must
 * reach the consumer group as each stream thread's instance id, and a restart under the same id must
 * take its work back and process what arrived meanwhile.
 */
@ExtendWith(KafkaBroker.class)
class StaticMembershipIT {
    private static final Duration PROCESSING = Duration.ofMinutes(3);
    private static final String INSTANCE = "rare-egress-0";

    @TempDir
    Path dir;

    @Test
    void aStaticMemberJoinsAsItselfAndResumesAfterARestart(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 2, "detector.warmup=PT0S",
                "kafka.group.instance.id=" + INSTANCE);
        fixture.produce(Fleets.unkeyed(Fleets.lines(3, Duration.ofDays(1), 200)));
        try (DetectorService detector = DetectorService.start(fixture.settings("pod"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, detector);

            assertThat(groupInstanceIds(kafka, fixture.applicationId)).singleElement().asString().startsWith(INSTANCE);
        }

        fixture.produce(Fleets.unkeyed(Fleets.lines(4, Duration.ofDays(1), 100)));
        try (DetectorService restarted = DetectorService.start(fixture.settings("pod"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, restarted);

            assertThat(groupInstanceIds(kafka, fixture.applicationId)).singleElement().asString().startsWith(INSTANCE);
        }
    }

    private static List<String> groupInstanceIds(TestKafka kafka, String group) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS)
                    .members().stream().map(MemberDescription::groupInstanceId)
                    .map(id -> id.orElse("(dynamic member)")).toList();
        }
    }
}
