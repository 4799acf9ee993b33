package org.rareegress.simulate;

import java.io.PrintStream;
import java.util.Locale;

/** The short report {@code simulate} prints on standard error. */
record Summary(FleetSpec spec, FleetSimulator.Result history, FleetSimulator.Result live, int tools, String where,
               long bytes, long envelopes, long elapsedNanos) {

    void print(PrintStream out) {
        double seconds = elapsedNanos / 1e9;
        long events = history.events() + (live == null ? 0 : live.events());
        out.printf(Locale.ROOT, "simulate: %,d devices, %d day(s) from %s to %s, seed %d%n", spec.devices(), spec.days(),
                spec.start(), spec.end(), spec.seed());
        out.printf(Locale.ROOT, "  history: %,d events (%,d background, %,d from %d planted tools)%n", history.events(),
                history.events() - history.plantedEvents(), history.plantedEvents(), tools);
        if (live != null) {
            out.printf(Locale.ROOT, "  live: %,d events (%,d planted)%n", live.events(), live.plantedEvents());
        }
        out.printf(Locale.ROOT, "  wrote %,.1f MB%s to %s in %.2f s: %,.0f events/s%n", bytes / 1e6,
                envelopes > 0 ? String.format(Locale.ROOT, " as %,d envelopes", envelopes) : "", where, seconds,
                seconds > 0 ? events / seconds : 0.0);
    }
}
