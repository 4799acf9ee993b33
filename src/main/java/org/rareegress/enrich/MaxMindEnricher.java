package org.rareegress.enrich;

import org.rareegress.detect.GeoInfo;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.RemoteAddressKind;

/**
 * Country (from a Country or City database) and AS (from an ASN database) of an IPv4 address, from
 * MaxMind files that reload when replaced. Either database may be absent. Thread-safe.
 */
final class MaxMindEnricher implements Enricher {
    private final ReloadingDatabase countries;
    private final ReloadingDatabase asns;

    /** @param countries the Country/City database, or null; @param asns the ASN database, or null */
    MaxMindEnricher(ReloadingDatabase countries, ReloadingDatabase asns) {
        this.countries = countries;
        this.asns = asns;
    }

    @Override
    public GeoInfo lookup(String ipv4) {
        IpAddresses.Parsed parsed;
        try {
            // Our own strict parse: InetAddress.getByName would resolve a host name through DNS.
            parsed = IpAddresses.parse(ipv4);
        } catch (IllegalArgumentException e) {
            return GeoInfo.NONE;
        }
        if (parsed.kind() != RemoteAddressKind.IPV4 && parsed.kind() != RemoteAddressKind.IPV4_MAPPED) {
            return GeoInfo.NONE;
        }
        GeoInfo place = countries == null ? GeoInfo.NONE : countries.lookup(parsed.ipv4());
        GeoInfo network = asns == null ? GeoInfo.NONE : asns.lookup(parsed.ipv4());
        if (network.equals(GeoInfo.NONE)) {
            return place;
        }
        return new GeoInfo(place.country(), place.countryIsoCode(), network.asn(), network.asOrganization());
    }

    @Override
    public void close() {
        if (countries != null) {
            countries.close();
        }
        if (asns != null) {
            asns.close();
        }
    }
}
