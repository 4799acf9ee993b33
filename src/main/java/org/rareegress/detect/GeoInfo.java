package org.rareegress.detect;

/** Where an address is, as far as the configured MaxMind databases know; any part may be null. */
public record GeoInfo(String country, String countryIsoCode, Long asn, String asOrganization) {
    public static final GeoInfo NONE = new GeoInfo(null, null, null, null);
}
