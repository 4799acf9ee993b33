package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.rareegress.event.Events;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * The hunt for one process, driven as the topology drives it: {@code onEvent} at the stream time
 * after the event, {@code onCheck} and {@code confirm} at their due times. Window 30 days, threshold 4.
 */
class ProcessTrackerTest {
    static final long MS = Timestamps.NANOS_PER_MILLI;
    static final long DAY = Duration.ofDays(1).toNanos();
    static final long W = 30 * DAY;
    static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    static final String TOOL = "tool.exe";
    /** MD5s as the readers deliver them, 32 hex digits: what the tracker publishes is checked against its schema. */
    static final String MD5_A = "a".repeat(32);
    static final String MD5_B = "b".repeat(32);
    static final String MD5_F = "f".repeat(32);

    private final RecordingOutput out = new RecordingOutput();
    private ProcessTracker tracker = tracker(4, Duration.ZERO, 64);
    private ProcessState state = tracker.newState();
    private long streamTime = Long.MIN_VALUE;

    static ProcessTracker tracker(int threshold, Duration confirmAfter, int evidenceCap) {
        return new ProcessTracker(new DetectorSettings(Duration.ofDays(30), threshold, Duration.ZERO, evidenceCap,
                confirmAfter));
    }

    private void use(ProcessTracker configured) {
        tracker = configured;
        state = configured.newState();
    }

    /** An event of tool.exe on {@code device} at {@code time}. */
    private static Events on(String device, long time) {
        return anEvent().process(TOOL).device(device).atNanos(time);
    }

    private void seen(Events event) {
        seen(event, true);
    }

    private void seen(Events event, boolean alertsEnabled) {
        Candidate candidate = event.toCandidate();
        streamTime = Math.max(streamTime, candidate.timestampNanos());
        tracker.onEvent(candidate.processKey(), state, candidate, streamTime, alertsEnabled, out);
    }

    private void checkAt(long time) {
        streamTime = Math.max(streamTime, time);
        tracker.onCheck(TOOL, state, time, out);
    }

    private HuntRow rowAt(long time) {
        return tracker.rowIfRare(TOOL, state, time);
    }

    /** Rarity: fewer than N devices in (s - W, s]. */
    @Nested
    class Rarity {
        @Test
        void isRareOnOneDeviceFewerThanTheThreshold() {
            seen(on("d1", T0));
            seen(on("d2", T0 + 1));
            seen(on("d3", T0 + 2));

            assertThat(tracker.isRare(state)).isTrue();
            assertThat(out.lastRow().row().deviceCount()).isEqualTo(3);
        }

        @Test
        void isNotRareOnThresholdDevices() {
            seen(on("d1", T0));
            seen(on("d2", T0 + 1));
            seen(on("d3", T0 + 2));

            seen(on("d4", T0 + 3));

            assertThat(tracker.isRare(state)).isFalse();
            assertThat(out.lastRow().isTombstone()).isTrue();
        }

        @Test
        void countsADeviceSeenManyTimesOnce() {
            seen(on("d1", T0));
            seen(on("d1", T0 + DAY));
            seen(on("d1", T0 + 2 * DAY));
            seen(on("d2", T0 + 3 * DAY));

            HuntRow row = rowAt(T0 + 3 * DAY);

            assertThat(row.deviceCount()).isEqualTo(2);
        }

        @Test
        void deviceLeavesTheWindowExactlyWAfterItWasLastSeen() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));

            HuntRow row = rowAt(T0 + W);

            assertThat(row.deviceCount()).isEqualTo(1);
            assertThat(row.devices()).extracting(DeviceSeen::deviceId).containsExactly("d2");
        }

        @Test
        void deviceIsStillInTheWindowOneNanosecondBeforeW() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));

            HuntRow row = rowAt(T0 + W - 1);

            assertThat(row.deviceCount()).isEqualTo(2);
        }

        @Test
        void deviceIsGoneOneMillisecondAfterW() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));

            HuntRow row = rowAt(T0 + W + MS);

            assertThat(row.devices()).extracting(DeviceSeen::deviceId).containsExactly("d2");
        }

        @Test
        void lastDeviceLeavingTheWindowEndsTheProcessAndItsRow() {
            seen(on("d1", T0));

            checkAt(T0 + W);

            assertThat(state.isEmpty()).isTrue();
            assertThat(out.lastRow().isTombstone()).isTrue();
            assertThat(tracker.nextCheck(state)).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void seeingADeviceAgainKeepsItInTheWindow() {
            seen(on("d1", T0));
            seen(on("d1", T0 + 10 * DAY));

            HuntRow stillThere = rowAt(T0 + W);
            checkAt(T0 + 10 * DAY + W);

            assertThat(stillThere.deviceCount()).isEqualTo(1);
            assertThat(stillThere.devices().get(0).lastSeen()).isEqualTo("2024-05-11T00:00:00Z");
            assertThat(state.isEmpty()).isTrue();
        }

        @Test
        void countsAnOutOfOrderEventInsideTheWindow() {
            seen(on("d1", T0 + 20 * DAY));

            seen(on("d2", T0 + DAY));

            assertThat(out.lastRow().row().deviceCount()).isEqualTo(2);
            assertThat(rowAt(T0 + DAY + W - 1).deviceCount()).isEqualTo(2);
            assertThat(rowAt(T0 + DAY + W).deviceCount()).isEqualTo(1);
        }

        @Test
        void outOfOrderEventsCanMakeAProcessPrevalent() {
            seen(on("d1", T0 + 20 * DAY));
            seen(on("d2", T0 + 3 * DAY));
            seen(on("d3", T0 + 2 * DAY));

            seen(on("d4", T0 + DAY));

            assertThat(tracker.isRare(state)).isFalse();
        }

        @Test
        void anOlderSightingDoesNotShortenADevicesStay() {
            seen(on("d1", T0 + 10 * DAY));

            seen(on("d1", T0));

            assertThat(rowAt(T0 + W + DAY).deviceCount()).isEqualTo(1);
        }

        @Test
        void lateCutoffIsOneWindowBeforeStreamTime() {
            long cutoff = tracker.lateCutoff(T0 + W);

            assertThat(cutoff).isEqualTo(T0);
        }
    }

    /** Evidence: what the row shows, capped, as of the window. */
    @Nested
    class EvidenceSets {
        @Test
        void evidenceExpiresWithTheWindow() {
            seen(on("d1", T0).md5(MD5_A).port(1000).remoteIp("1.1.1.1").commandLine("old"));
            seen(on("d2", T0 + 20 * DAY).md5(MD5_B).port(2000).remoteIp("2.2.2.2").commandLine("new"));

            HuntRow row = rowAt(T0 + W);

            assertThat(row.hashes()).containsExactly(MD5_B);
            assertThat(row.ports()).containsExactly(2000);
            assertThat(row.remoteIps()).containsExactly("2.2.2.2");
            assertThat(row.sampleProcess()).isEqualTo("new");
            assertThat(row.sampleRemoteIp()).isEqualTo("2.2.2.2");
        }

        @Test
        void evidenceSeenAgainStaysInTheWindow() {
            seen(on("d1", T0).md5(MD5_A).port(1000));
            seen(on("d1", T0 + 20 * DAY).md5(MD5_A).port(1000));

            HuntRow row = rowAt(T0 + W);

            assertThat(row.hashes()).containsExactly(MD5_A);
            assertThat(row.ports()).containsExactly(1000);
        }

        @Test
        void rowShowsTheSeedColumnsOfTheWindow() {
            seen(on("d2", T0).md5(MD5_B).port(4444).remoteIp("9.9.9.9").commandLine("z"));
            seen(on("d1", T0 + DAY).md5(MD5_A).port(22).remoteIp("1.2.3.4").commandLine("y"));
            seen(on("d1", T0 + DAY).md5(null).port(22).remoteIp("200.1.1.1").commandLine("x"));

            HuntRow row = rowAt(T0 + DAY);

            assertThat(row.process()).isEqualTo(TOOL);
            assertThat(row.deviceCount()).isEqualTo(2);
            assertThat(row.hashes()).containsExactly(MD5_A, MD5_B);
            assertThat(row.ports()).containsExactly(22, 4444);
            assertThat(row.remoteIps()).containsExactly("1.2.3.4", "9.9.9.9", "200.1.1.1");
            assertThat(row.sampleProcess()).isEqualTo("x");
            assertThat(row.sampleRemoteIp()).isEqualTo("1.2.3.4");
            assertThat(row.devices()).extracting(DeviceSeen::deviceId).containsExactly("d1", "d2");
            assertThat(row.firstSeen()).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(row.lastSeen()).isEqualTo("2024-05-02T00:00:00Z");
            assertThat(row.evidenceTruncated()).isFalse();
            assertThat(row.threshold()).isEqualTo(4);
            assertThat(row.remoteIpCountry()).isNull();
        }

        @Test
        void capKeepsTheMostRecentValuesAndSaysSomethingWasCut() {
            for (int i = 1; i <= 70; i++) {
                seen(on("d1", T0 + i * MS).port(i));
            }

            HuntRow row = rowAt(T0 + 70 * MS);

            assertThat(row.ports()).hasSize(64).startsWith(7).endsWith(70);
            assertThat(row.evidenceTruncated()).isTrue();
        }

        @Test
        void truncationFlagStaysWhileACutValueIsInTheWindow() {
            for (int i = 1; i <= 70; i++) {
                seen(on("d1", T0 + i * MS).port(i));
            }

            HuntRow row = rowAt(T0 + 6 * MS + W - 1);

            assertThat(row.evidenceTruncated()).isTrue();
        }

        @Test
        void truncationFlagClearsOnceWhatWasCutHasLeftTheWindow() {
            for (int i = 1; i <= 70; i++) {
                seen(on("d1", T0 + i * MS).port(i));
            }

            HuntRow row = rowAt(T0 + 6 * MS + W);

            assertThat(row.evidenceTruncated()).isFalse();
            assertThat(row.ports()).hasSize(64);
        }

        @Test
        void capAppliesToHashesRemoteIpsAndCommandLinesToo() {
            for (int i = 1; i <= 65; i++) {
                seen(on("d1", T0 + i * MS).md5(String.format("%032x", i)).remoteIp("10.0.0." + i)
                        .commandLine("cmd " + i));
            }

            HuntRow row = rowAt(T0 + 65 * MS);

            assertThat(row.hashes()).hasSize(64).doesNotContain(String.format("%032x", 1));
            assertThat(row.remoteIps()).hasSize(64).doesNotContain("10.0.0.1");
            assertThat(row.sampleProcess()).isEqualTo("cmd 65");
            assertThat(state.commandLines().size()).isEqualTo(64);
            assertThat(row.evidenceTruncated()).isTrue();
        }

        @Test
        void prevalentProcessTurningRareShowsExactlyTheEvidenceOfTheWindow() {
            seen(on("d1", T0).md5(md5(1)).port(1001).remoteIp("1.0.0.1").commandLine("c1"));
            seen(on("d2", T0 + DAY).md5(md5(2)).port(1002).remoteIp("1.0.0.2").commandLine("c2"));
            seen(on("d3", T0 + 2 * DAY).md5(md5(3)).port(1003).remoteIp("1.0.0.3").commandLine("c3"));
            seen(on("d4", T0 + 3 * DAY).md5(md5(4)).port(1004).remoteIp("1.0.0.4").commandLine("c4"));
            seen(on("d5", T0 + 4 * DAY).md5(md5(5)).port(1005).remoteIp("1.0.0.5").commandLine("c5"));
            seen(on("d5", T0 + 5 * DAY).md5(md5(6)).port(1006).remoteIp("1.0.0.6").commandLine("c6"));
            out.clear();

            checkAt(T0 + DAY + W);

            HuntRow row = out.lastRow().row();
            assertThat(row.deviceCount()).isEqualTo(3);
            assertThat(row.devices()).extracting(DeviceSeen::deviceId).containsExactly("d3", "d4", "d5");
            assertThat(row.hashes()).containsExactly(md5(3), md5(4), md5(5), md5(6));
            assertThat(row.ports()).containsExactly(1003, 1004, 1005, 1006);
            assertThat(row.remoteIps()).containsExactly("1.0.0.3", "1.0.0.4", "1.0.0.5", "1.0.0.6");
            assertThat(row.sampleProcess()).isEqualTo("c6");
            assertThat(row.evidenceTruncated()).isFalse();
        }

        @Test
        void prevalentProcessKeepsOnlyEvidenceNewerThanItsNthDevice() {
            seen(on("d1", T0).md5(md5(1)));
            seen(on("d2", T0 + 1).md5(md5(2)));
            seen(on("d3", T0 + 2).md5(md5(3)));

            seen(on("d4", T0 + 3).md5(md5(4)));

            assertThat(state.hashes().sorted(java.util.Comparator.naturalOrder())).containsExactly(md5(2), md5(3), md5(4));
            assertThat(state.devices().size()).isEqualTo(4);
        }
    }

    /** When to look again: the next check of a process. */
    @Nested
    class WhenToLookAgain {
        @Test
        void nextCheckOfARareProcessIsWhenItsOldestFactLeaves() {
            seen(on("d1", T0 + 5 * DAY).port(1000));
            seen(on("d1", T0 + 6 * DAY).port(2000));

            long next = tracker.nextCheck(state);

            assertThat(next).isEqualTo(T0 + 5 * DAY + W);
        }

        @Test
        void nextCheckOfARareProcessIsWhenItsOldestDeviceLeaves() {
            seen(on("d1", T0 + 5 * DAY).port(1000));
            seen(on("d2", T0 + 2 * DAY).port(1000));

            long next = tracker.nextCheck(state);

            assertThat(next).isEqualTo(T0 + 2 * DAY + W);
        }

        @Test
        void nextCheckOfARareProcessCountsWhenTheTruncationMarkLeaves() {
            use(tracker(4, Duration.ZERO, 1));
            seen(on("d1", T0 + 5 * DAY).port(1000));
            seen(on("d1", T0 + 2 * DAY).port(2000));

            long next = tracker.nextCheck(state);

            assertThat(state.ports().truncatedUntil()).isEqualTo(T0 + 2 * DAY);
            assertThat(next).isEqualTo(T0 + 2 * DAY + W);
        }

        @Test
        void nextCheckOfAPrevalentProcessIsWhenItsNthNewestDeviceLeaves() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));
            seen(on("d3", T0 + 2 * DAY));
            seen(on("d4", T0 + 3 * DAY));
            seen(on("d5", T0 + 4 * DAY));

            long next = tracker.nextCheck(state);

            assertThat(next).isEqualTo(T0 + DAY + W);
        }

        @Test
        void nextCheckOfAnEmptyProcessIsNever() {
            long next = tracker.nextCheck(state);

            assertThat(next).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void checkOfAPrevalentProcessPublishesNothing() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));
            seen(on("d3", T0 + 2 * DAY));
            seen(on("d4", T0 + 3 * DAY));
            seen(on("d5", T0 + 4 * DAY));
            out.clear();

            checkAt(T0 + W);

            assertThat(out.rows).isEmpty();
            assertThat(out.alerts).isEmpty();
        }

        @Test
        void checkOfARareProcessRepublishesItsRowOnlyWhenSomethingLeft() {
            seen(on("d1", T0).port(1000));
            seen(on("d1", T0 + DAY).port(2000));
            out.clear();

            checkAt(T0 + W - 1);
            int afterNothingLeft = out.rows.size();
            checkAt(T0 + W);

            assertThat(afterNothingLeft).isZero();
            assertThat(out.rows).hasSize(1);
            assertThat(out.lastRow().row().ports()).containsExactly(2000);
        }
    }

    /** Alerts: NEW_RARE, UPDATED, NO_LONGER_RARE. */
    @Nested
    class Alerts {
        @Test
        void alertsNewRareOnTheFirstEventOfARareProcess() {
            seen(on("d1", T0));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
            Alert alert = out.lastAlert();
            assertThat(alert.process()).isEqualTo(TOOL);
            assertThat(alert.facts().deviceCount()).isEqualTo(1);
            assertThat(alert.trigger().newFacts()).containsExactly("Process");
            assertThat(alert.detectedAt()).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(alert.confirmedAt()).isNull();
            assertThat(alert.windowStart()).isEqualTo("2024-04-01T00:00:00Z");
            assertThat(alert.windowEnd()).isEqualTo("2024-05-01T00:00:00Z");
        }

        @Test
        void alertCarriesTheTriggeringEventAndItsSource() {
            seen(on("d1", T0).remoteIp("5.6.7.8").port(4444).source(SourceRef.kafka("in", 3, 42).withIndex(2)));

            Alert alert = out.lastAlert();

            assertThat(alert.trigger().deviceId()).isEqualTo("d1");
            assertThat(alert.trigger().remoteIp()).isEqualTo("5.6.7.8");
            assertThat(alert.trigger().remotePort()).isEqualTo(4444);
            assertThat(alert.trigger().timestamp()).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(alert.source()).isEqualTo(new Alert.Source("in", 3, 42L, null, null, 2));
        }

        @Test
        void alertsNothingDuringWarmUpButBuildsTheTable() {
            seen(on("d1", T0), false);
            seen(on("d2", T0 + 1), false);

            assertThat(out.alerts).isEmpty();
            assertThat(out.lastRow().row().deviceCount()).isEqualTo(2);
        }

        @Test
        void alertsNewRareOnTheFirstEventAfterWarmUpEvenWithKnownFacts() {
            seen(on("d1", T0), false);

            seen(on("d1", T0 + DAY), true);

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
        }

        @Test
        void alertsNewRareOnlyOnce() {
            seen(on("d1", T0));

            seen(on("d1", T0 + DAY));
            seen(on("d1", T0 + 2 * DAY));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
        }

        @Test
        void alertsUpdatedForANewDevice() {
            seen(on("d1", T0));

            seen(on("d2", T0 + 1));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE, AlertType.UPDATED);
            assertThat(out.lastAlert().trigger().newFacts()).containsExactly("Device");
            assertThat(out.lastAlert().facts().deviceCount()).isEqualTo(2);
        }

        @Test
        void alertsUpdatedForANewHash() {
            seen(on("d1", T0).md5(MD5_A));

            seen(on("d1", T0 + 1).md5(MD5_B));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE, AlertType.UPDATED);
            assertThat(out.lastAlert().trigger().newFacts()).containsExactly("Hash");
            assertThat(out.lastAlert().facts().hashes()).containsExactly(MD5_A, MD5_B);
        }

        @Test
        void alertsUpdatedForANewPort() {
            seen(on("d1", T0).port(4444));

            seen(on("d1", T0 + 1).port(5555));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE, AlertType.UPDATED);
            assertThat(out.lastAlert().trigger().newFacts()).containsExactly("Port");
        }

        @Test
        void namesEveryNewKindOfFactInOneUpdate() {
            seen(on("d1", T0).md5(MD5_A).port(4444));

            seen(on("d2", T0 + 1).md5(MD5_B).port(5555));

            assertThat(out.alerts).hasSize(2);
            assertThat(out.lastAlert().trigger().newFacts()).containsExactly("Device", "Hash", "Port");
        }

        @Test
        void doesNotAlertAgainForKnownFacts() {
            seen(on("d1", T0).md5(MD5_A).port(4444));
            seen(on("d2", T0 + 1).md5(MD5_B).port(5555));
            out.clear();

            seen(on("d1", T0 + 2).md5(MD5_B).port(4444));
            seen(on("d2", T0 + 3).md5(MD5_A).port(5555));

            assertThat(out.alerts).isEmpty();
        }

        @Test
        void doesNotAlertForANewRemoteIpCommandLineOrMissingHash() {
            seen(on("d1", T0).md5(MD5_A).remoteIp("1.1.1.1").commandLine("a"));

            seen(on("d1", T0 + 1).md5(null).remoteIp("2.2.2.2").commandLine("b"));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
        }

        @Test
        void alertsNoLongerRareOnceWhenAnAlertedProcessReachesTheThreshold() {
            seen(on("d1", T0));
            seen(on("d2", T0 + 1));
            seen(on("d3", T0 + 2));
            out.clear();

            seen(on("d4", T0 + 3));
            seen(on("d5", T0 + 4));
            seen(on("d1", T0 + 5));

            assertThat(out.alertTypes()).containsExactly(AlertType.NO_LONGER_RARE);
            assertThat(out.lastAlert().facts().deviceCount()).isEqualTo(4);
            assertThat(out.lastAlert().trigger().deviceId()).isEqualTo("d4");
            assertThat(out.rows).extracting(RecordingOutput.RowChange::isTombstone).containsExactly(true);
        }

        @Test
        void neverAlertedProcessReachingTheThresholdOnlyLeavesTheTable() {
            seen(on("d1", T0), false);
            seen(on("d2", T0 + 1), false);
            seen(on("d3", T0 + 2), false);

            seen(on("d4", T0 + 3), true);

            assertThat(out.alerts).isEmpty();
            assertThat(out.lastRow().isTombstone()).isTrue();
        }

        @Test
        void prevalentProcessTurningRareAgainAlertsNewRareOnItsNextEvent() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));
            seen(on("d3", T0 + DAY));
            seen(on("d4", T0 + DAY));
            checkAt(T0 + W);
            out.clear();

            seen(on("d2", T0 + W + 1));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
            assertThat(out.lastAlert().facts().deviceCount()).isEqualTo(3);
        }

        @Test
        void processThatLeftTheWindowAndReturnsIsNewRareAgain() {
            seen(on("d1", T0));
            checkAt(T0 + W);
            assertThat(state.isEmpty()).isTrue();
            state = tracker.newState(); // the caller deletes an empty state
            out.clear();

            seen(on("d1", T0 + W + DAY));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
            assertThat(out.lastAlert().facts().firstSeen()).isEqualTo("2024-06-01T00:00:00Z");
        }

        @Test
        void turningRareByExpiryPublishesARowButNoAlert() {
            seen(on("d1", T0));
            seen(on("d2", T0 + DAY));
            seen(on("d3", T0 + DAY));
            seen(on("d4", T0 + DAY));
            out.clear();

            checkAt(T0 + W);

            assertThat(out.alerts).isEmpty();
            assertThat(out.lastRow().row().deviceCount()).isEqualTo(3);
        }
    }

    /** alert.confirm-after: a NEW_RARE held until it is confirmed. */
    @Nested
    class ConfirmAfter {
        @Test
        void holdsNewRareUntilConfirmation() {
            use(tracker(4, Duration.ofHours(1), 64));

            seen(on("d1", T0));

            assertThat(out.alerts).isEmpty();
            assertThat(out.confirmations).containsExactly(
                    new RecordingOutput.Confirmation(TOOL, T0 + Duration.ofHours(1).toNanos()));
            assertThat(state.pending()).isNotNull();
        }

        @Test
        void publishesHeldNewRareWithTheFactsAsOfItsDueTime() {
            use(tracker(4, Duration.ofHours(1), 64));
            long due = T0 + Duration.ofHours(1).toNanos();
            seen(on("d1", T0).port(1000));
            seen(on("d2", T0 + MS).port(2000));

            tracker.confirm(TOOL, state, due, out);

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
            Alert alert = out.lastAlert();
            assertThat(alert.facts().deviceCount()).isEqualTo(2);
            assertThat(alert.facts().ports()).containsExactly(1000, 2000);
            assertThat(alert.trigger().deviceId()).isEqualTo("d1");
            assertThat(alert.detectedAt()).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(alert.confirmedAt()).isEqualTo("2024-05-01T01:00:00Z");
            assertThat(alert.windowEnd()).isEqualTo("2024-05-01T01:00:00Z");
            assertThat(state.pending()).isNull();
        }

        @Test
        void raisesNoUpdateWhileNewRareIsHeld() {
            use(tracker(4, Duration.ofHours(1), 64));
            seen(on("d1", T0));

            seen(on("d2", T0 + MS).md5(md5(99)).port(9999));

            assertThat(out.alerts).isEmpty();
            assertThat(out.confirmations).hasSize(1);
        }

        @Test
        void dropsHeldNewRareSilentlyWhenTheProcessBecamePrevalentMeanwhile() {
            use(tracker(4, Duration.ofHours(1), 64));
            seen(on("d1", T0));
            seen(on("d2", T0 + 1));
            seen(on("d3", T0 + 2));
            seen(on("d4", T0 + 3));

            tracker.confirm(TOOL, state, T0 + Duration.ofHours(1).toNanos(), out);

            assertThat(out.alerts).isEmpty();
            assertThat(state.pending()).isNull();
        }

        @Test
        void confirmationBeforeItsDueTimeDoesNothing() {
            use(tracker(4, Duration.ofHours(1), 64));
            seen(on("d1", T0));

            tracker.confirm(TOOL, state, T0 + Duration.ofHours(1).toNanos() - 1, out);

            assertThat(out.alerts).isEmpty();
            assertThat(state.pending()).isNotNull();
        }

        @Test
        void factsSeenWhileHeldDoNotAlertAgainAfterConfirmation() {
            use(tracker(4, Duration.ofHours(1), 64));
            long due = T0 + Duration.ofHours(1).toNanos();
            seen(on("d1", T0));
            seen(on("d2", T0 + MS).port(5555));
            tracker.confirm(TOOL, state, due, out);

            seen(on("d2", due + 1).port(5555));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE);
        }

        @Test
        void confirmedProcessThenAlertsUpdatesAsUsual() {
            use(tracker(4, Duration.ofHours(1), 64));
            long due = T0 + Duration.ofHours(1).toNanos();
            seen(on("d1", T0));
            tracker.confirm(TOOL, state, due, out);

            seen(on("d2", due + 1));

            assertThat(out.alertTypes()).containsExactly(AlertType.NEW_RARE, AlertType.UPDATED);
        }
    }

    /** Alert ids. */
    @Nested
    class AlertIdentities {
        @Test
        void alertIdsAreTheSameForTheSameEventsFromAnySource() {
            Candidate fromFile = anEvent().source(SourceRef.file("a.jsonl", 7)).toCandidate();
            Candidate fromTopic = anEvent().source(SourceRef.kafka("t", 1, 99).withIndex(3)).toCandidate();

            String one = AlertIds.of(AlertType.NEW_RARE, TOOL, fromFile);
            String other = AlertIds.of(AlertType.NEW_RARE, TOOL, fromTopic);

            assertThat(one).isEqualTo(other);
            assertThat(java.util.UUID.fromString(one).version()).isEqualTo(5);
        }

        @Test
        void alertIdsDifferForDifferentContentOrType() {
            Candidate base = anEvent().toCandidate();
            List<Candidate> variants = List.of(
                    anEvent().at("2024-05-01T10:00:00.0000001Z").toCandidate(),
                    anEvent().device("d2").toCandidate(),
                    anEvent().deviceName(md5(99)).toCandidate(),
                    anEvent().remoteIp("8.8.8.9").toCandidate(),
                    anEvent().port(4445).toCandidate(),
                    anEvent().process("TOOL.exe").toCandidate(),
                    anEvent().md5(MD5_F).toCandidate(),
                    anEvent().sha256(MD5_F).toCandidate(),
                    anEvent().commandLine(md5(99)).toCandidate(),
                    anEvent().folderPath(md5(99)).toCandidate());

            String baseId = AlertIds.of(AlertType.NEW_RARE, TOOL, base);
            List<String> variantIds = variants.stream().map(c -> AlertIds.of(AlertType.NEW_RARE, TOOL, c)).toList();
            String updated = AlertIds.of(AlertType.UPDATED, TOOL, base);
            String otherKey = AlertIds.of(AlertType.NEW_RARE, "other.exe", base);

            assertThat(variantIds).doesNotContain(baseId).doesNotHaveDuplicates();
            assertThat(updated).isNotEqualTo(baseId);
            assertThat(otherKey).isNotEqualTo(baseId);
        }

        @Test
        void alertIdIsAStandardVersion5UuidStableAcrossRuns() {
            Candidate candidate = anEvent().toCandidate();

            String id = AlertIds.of(AlertType.NEW_RARE, TOOL, candidate);

            // Pinned: a change here changes every alert id users may have stored. It is the RFC 4122
            // name-based id that Python's uuid.uuid5(namespace, name) gives for the same name.
            assertThat(id).isEqualTo("b987893d-a2a0-53c5-b9d4-6ddd74a586af");
        }
    }

    /** The n-th made-up MD5. */
    private static String md5(int n) {
        return String.format("%032x", n);
    }
}
