package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentDevicesTest {

    private static List<String> ids(RecentDevices devices) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            ids.add(devices.id(i) + "@" + devices.lastSeen(i));
        }
        return ids;
    }

    @Test
    void keepsTheNewestDistinctDevicesNewestFirst() {
        RecentDevices devices = new RecentDevices(3);

        devices.observe("d1", null, 10);
        devices.observe("d2", null, 20);
        devices.observe("d3", null, 30);
        devices.observe("d4", null, 40);

        assertThat(ids(devices)).containsExactly("d4@40", "d3@30", "d2@20");
        assertThat(devices.isFull()).isTrue();
    }

    @Test
    void doesNotKeepANewDeviceOlderThanEveryKeptOneWhenFull() {
        RecentDevices devices = new RecentDevices(2);
        devices.observe("d1", null, 10);
        devices.observe("d2", null, 20);

        boolean kept = devices.observe("d0", null, 10);

        assertThat(kept).isFalse();
        assertThat(ids(devices)).containsExactly("d2@20", "d1@10");
    }

    @Test
    void keepsAnOutOfOrderDeviceNewerThanTheOldestKept() {
        RecentDevices devices = new RecentDevices(2);
        devices.observe("d1", null, 10);
        devices.observe("d3", null, 30);

        boolean kept = devices.observe("d2", null, 20);

        assertThat(kept).isTrue();
        assertThat(ids(devices)).containsExactly("d3@30", "d2@20");
    }

    @Test
    void refreshesAKnownDeviceSeenAgain() {
        RecentDevices devices = new RecentDevices(3);
        devices.observe("d1", null, 10);
        devices.observe("d2", null, 20);

        devices.observe("d1", null, 30);

        assertThat(ids(devices)).containsExactly("d1@30", "d2@20");
    }

    @Test
    void keepsTheLatestSightingWhenAnOlderOneArrivesLate() {
        RecentDevices devices = new RecentDevices(3);
        devices.observe("d1", "new-name", 30);

        devices.observe("d1", "old-name", 10);

        assertThat(ids(devices)).containsExactly("d1@30");
        assertThat(devices.name(0)).isEqualTo("new-name");
    }

    @Test
    void updatesTheDeviceNameButKeepsItWhenTheNewSightingHasNone() {
        RecentDevices devices = new RecentDevices(3);
        devices.observe("d1", "first", 10);
        devices.observe("d1", "renamed", 20);

        devices.observe("d1", null, 30);

        assertThat(devices.name(0)).isEqualTo("renamed");
    }

    @Test
    void forgetsDevicesLastSeenAtOrBeforeTheCutoff() {
        RecentDevices devices = new RecentDevices(4);
        devices.observe("d1", null, 10);
        devices.observe("d2", null, 20);
        devices.observe("d3", null, 21);

        boolean changed = devices.removeUpTo(20);

        assertThat(changed).isTrue();
        assertThat(ids(devices)).containsExactly("d3@21");
        assertThat(devices.contains("d2")).isFalse();
    }

    @Test
    void reportsNoChangeWhenNothingIsOldEnough() {
        RecentDevices devices = new RecentDevices(4);
        devices.observe("d1", null, 10);

        boolean changed = devices.removeUpTo(9);

        assertThat(changed).isFalse();
        assertThat(devices.size()).isEqualTo(1);
    }

    @Test
    void ordersDevicesSeenAtTheSameTimeById() {
        RecentDevices devices = new RecentDevices(3);

        devices.observe("b", null, 10);
        devices.observe("c", null, 10);
        devices.observe("a", null, 10);

        assertThat(ids(devices)).containsExactly("a@10", "b@10", "c@10");
    }

    @Test
    void knowsItsOldestAndNewestTimes() {
        RecentDevices devices = new RecentDevices(3);
        RecentDevices empty = new RecentDevices(3);

        devices.observe("d1", null, 10);
        devices.observe("d2", null, 30);

        assertThat(devices.oldestLastSeen()).isEqualTo(10);
        assertThat(devices.newestLastSeen()).isEqualTo(30);
        assertThat(empty.oldestLastSeen()).isEqualTo(Long.MAX_VALUE);
        assertThat(empty.newestLastSeen()).isEqualTo(Long.MIN_VALUE);
    }
}
