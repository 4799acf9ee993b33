package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class StaleSourcesTest {
    private static final HostInfo B = new HostInfo("b", 8080);
    private static final HostInfo C = new HostInfo("c", 8080);

    @Test
    void anActiveCopyIsPreferredToAStandby() throws Exception {
        List<Assignment.Instance> others = List.of(instance(B, Set.of(1), Set.of(2)), instance(C, Set.of(2), Set.of(1)));

        Map<HostInfo, Set<Integer>> plan = StaleSources.plan(Set.of(1, 2), others);

        assertThat(plan).isEqualTo(Map.of(B, Set.of(1), C, Set.of(2)));
    }

    @Test
    void aStandbyAnswersForAPartitionWithoutAnActiveCopy() throws Exception {
        List<Assignment.Instance> others = List.of(instance(B, Set.of(), Set.of(3)));

        assertThat(StaleSources.plan(Set.of(3), others)).isEqualTo(Map.of(B, Set.of(3)));
    }

    @Test
    void aPartitionWithNoCopyAnywhereIsAnError() {
        List<Assignment.Instance> others = List.of(instance(B, Set.of(1), Set.of()));

        assertThatThrownBy(() -> StaleSources.plan(Set.of(1, 4), others))
                .isInstanceOf(HuntTableEndpoint.PeerUnavailableException.class).hasMessageContaining("[4]");
    }

    @Test
    void asFewInstancesAsPossibleAreAsked() throws Exception {
        List<Assignment.Instance> others = List.of(instance(B, Set.of(), Set.of(1, 2)), instance(C, Set.of(), Set.of(2)));

        assertThat(StaleSources.plan(Set.of(1, 2), others)).isEqualTo(Map.of(B, Set.of(1, 2)));
    }

    private static Assignment.Instance instance(HostInfo host, Set<Integer> active, Set<Integer> standby) {
        return new Assignment.Instance(host.host() + ":" + host.port(), false, active, standby, host);
    }
}
