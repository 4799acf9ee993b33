package org.rareegress.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rareegress.detect.AlertType;

class SeverityTest {

    @Test
    void aNewRareProcessOnOneDeviceIsHigh() {
        Severity.Assessment assessment = Severity.of(Alerts.alert(AlertType.NEW_RARE, "rat.exe", 1, 4, "Process"));

        assertThat(assessment.severity()).isEqualTo(Severity.HIGH);
        assertThat(assessment.reason()).isEqualTo("High: seen on 1 device only (threshold 4); new: Process");
    }

    @Test
    void aRareProcessOnSeveralDevicesIsMedium() {
        assertThat(Severity.of(Alerts.alert(AlertType.NEW_RARE, "rat.exe", 3, 4, "Process")).severity())
                .as("a NEW_RARE confirmed after the process spread").isEqualTo(Severity.MEDIUM);
        assertThat(Severity.of(Alerts.alert(AlertType.UPDATED, "rat.exe", 2, 4, "Device")).severity())
                .isEqualTo(Severity.MEDIUM);
    }

    @Test
    void aNewHashOnOneDeviceStaysHigh() {
        assertThat(Severity.of(Alerts.alert(AlertType.UPDATED, "rat.exe", 1, 4, "Hash", "Port")).severity())
                .isEqualTo(Severity.HIGH);
    }

    @Test
    void onlyANewPortIsOneLevelLower() {
        Severity.Assessment onOne = Severity.of(Alerts.alert(AlertType.UPDATED, "rat.exe", 1, 4, "Port"));
        Severity.Assessment onTwo = Severity.of(Alerts.alert(AlertType.UPDATED, "rat.exe", 2, 4, "Port"));

        assertThat(onOne.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(onTwo.severity()).isEqualTo(Severity.LOW);
        assertThat(onTwo.reason()).isEqualTo("Low: seen on 2 devices (threshold 4); only a new port, of a binary already"
                + " shown on these devices");
    }

    @Test
    void noLongerRareIsInformational() {
        Severity.Assessment assessment = Severity.of(Alerts.alert(AlertType.NO_LONGER_RARE, "rat.exe", 4, 4, "Device"));

        assertThat(assessment.severity()).isEqualTo(Severity.INFORMATIONAL);
        assertThat(assessment.reason()).contains("no longer rare");
    }

    @Test
    void levelsUseDefendersNamesAndOcsfIds() {
        assertThat(Severity.values()).extracting(Severity::label).containsExactly("Informational", "Low", "Medium", "High");
        assertThat(Severity.values()).extracting(Severity::ocsfId).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aStormIsMediumAndSaysHowManyWereSuppressedPastWhichThreshold() {
        Severity.Assessment assessment = Severity.of(Alerts.storm(312, "a.exe", "b.exe"));

        assertThat(assessment.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(assessment.reason()).startsWith("Medium: 312 NEW_RARE suppressed in one storm window past the"
                + " threshold of 200 (alert.storm-threshold)");
    }
}
