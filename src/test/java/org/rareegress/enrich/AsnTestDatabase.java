package org.rareegress.enrich;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real GeoLite2-ASN file (written by {@link MmdbWriter}, read by the product's MaxMind reader) for tests
 * outside this package: each IPv4 network mapped to an AS number, its organisation {@code "AS<number> Org"}.
 */
public final class AsnTestDatabase {
    private AsnTestDatabase() {
    }

    /** Writes the networks (CIDR to AS number; networks must not overlap) to {@code file}. */
    public static Path write(Path file, Map<String, Long> asnByNetwork) {
        MmdbWriter writer = new MmdbWriter("GeoLite2-ASN").recordSize(28).ipVersion(6);
        asnByNetwork.forEach((cidr, asn) -> writer.insert(cidr, GeoFixtures.asnRecord(asn, organisation(asn))));
        return writer.writeTo(file);
    }

    public static String organisation(long asn) {
        return "AS" + asn + " Org";
    }
}
