package org.rareegress.topology;

import java.util.List;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.DimensionTracker;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.IpAddresses;

/**
 * The dimensions beyond {@code process} that {@value Names#TRACK_PROCESS_PREVALENCE} tracks, their tracker, and
 * where process-asn finds AS numbers: the configured enricher, looked up per kept event (its lookups are cached).
 */
record RefinedDimensions(List<Dimension> dimensions, DimensionTracker tracker, Dimension.AsnLookup asns) {
    static final RefinedDimensions NONE = new RefinedDimensions(List.of(), null, Dimension.AsnLookup.NONE);

    static RefinedDimensions of(DetectorSettings settings, Enricher enricher) {
        List<Dimension> refined = settings.refinedDimensions();
        if (refined.isEmpty()) {
            return NONE;
        }
        return new RefinedDimensions(refined, new DimensionTracker(settings),
                ipv4 -> enricher.lookup(IpAddresses.format(ipv4)).asn());
    }

    boolean any() {
        return !dimensions.isEmpty();
    }
}
