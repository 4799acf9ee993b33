package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.rareegress.runtime.demo.DemoCommand;
import picocli.CommandLine;

/**
 * {@code demo} as a new user runs it (with a smaller fleet): its own broker, alerts as they arrive, the table,
 * exit 0; and, through the shipped six-partition input topic, the same alerts and table on every run.
 */
class DemoIT {

    /** The first column of the printed hunt table. */
    private static java.util.List<String> tableProcesses(String output) {
        String table = output.substring(output.indexOf("InitiatingProcessFileName"), output.indexOf("The simulator planted"));
        return table.lines().skip(1).map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0]).toList();
    }

    @Test
    void demoStreamsAFleetThroughTheDetectorPrintsItsAlertsAndTheTableAndExitsZero() {
        String output = runDemo();

        assertThat(output).contains("ALERT NEW_RARE", "winsvchost.exe", "ALERT NO_LONGER_RARE", "ninjarmmagent.exe");
        assertThat(output).as("demo prints the web view's address").containsPattern("the web view at http://127\\.0\\.0\\.1:[0-9]+/ ");
        assertThat(tableProcesses(output)).contains("winsvchost.exe", "putty.exe", "anydesk.exe")
                .doesNotContain("ninjarmmagent.exe", "svchost.exe", "chrome.exe");

        String again = runDemo();

        assertThat(alertLines(again)).as("the same alerts on every run").isEqualTo(alertLines(output));
        assertThat(tableProcesses(again)).as("the same table").isEqualTo(tableProcesses(output));
    }

    @Test
    void withRefinedDimensionsTheDemoPlantsTheirCasesAndShowsTheShellAndTheMasquerade() {
        String output = runDemo("--devices", "12", "--days", "40", "--events-per-device-per-day", "12", "--seed", "3",
                "--end", "2026-01-01T00:00:00Z", "--set", "detector.dimensions=process,process-port,process-hash",
                "--set", "alert.confirm-after.process-hash=PT6H");

        assertThat(output).as("demo says what to look for").contains("look for a process-port alert");
        assertThat(alertLines(output)).anyMatch(line -> line.contains("powershell.exe [process-port 4444]"))
                .anyMatch(line -> line.contains("onedrive.exe [process-hash"))
                .noneMatch(line -> line.contains("game.exe") || line.contains("teams.exe"));
        assertThat(output).contains("And the dimension cases: ", "reverse-shell (powershell.exe): RARE in process-port");
    }

    /** One demo run with the test's fleet; its standard output. */
    private static String runDemo() {
        return runDemo("--devices", "60", "--days", "40", "--events-per-device-per-day", "12", "--seed", "3",
                // A fixed end: with "now" two runs a minute apart simulate different fleets.
                "--end", "2026-01-01T00:00:00Z");
    }

    private static String runDemo(String... arguments) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new DemoCommand()).execute(arguments);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.println(output);
        assertThat(exit).isZero();
        return output;
    }

    /** The printed alerts, sorted: they arrive through six partitions of the alert topic, in no total order. */
    private static java.util.List<String> alertLines(String output) {
        return output.lines().filter(line -> line.strip().startsWith("ALERT ")).map(String::strip).sorted().toList();
    }
}
