package org.rareegress.enrich;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import java.io.IOException;
import java.net.InetAddress;
import org.rareegress.detect.GeoInfo;

/**
 * What a configured MaxMind file must hold, told by the {@code database_type} of its metadata, and the
 * part of {@link GeoInfo} it answers.
 */
enum DatabaseKind {
    /** {@code geoip.database}: a Country or City database (GeoIP2 or GeoLite2; Enterprise is a City superset). */
    COUNTRY("geoip.database", "a GeoIP2/GeoLite2 Country or City database",
            "RemoteIP_country and RemoteIP_countryIsoCode") {
        @Override
        boolean accepts(String databaseType) {
            return databaseType.contains("Country") || databaseType.contains("City")
                    || databaseType.contains("Enterprise");
        }

        @Override
        GeoInfo read(DatabaseReader reader, InetAddress address) throws IOException, GeoIp2Exception {
            // Country and City records share the country maps, and geoip2 allows country() on either type:
            // reading a City record as a Country response decodes only those maps, skipping city and location.
            return reader.tryCountry(address)
                    .map(response -> new GeoInfo(response.country().name(), response.country().isoCode(), null, null))
                    .orElse(GeoInfo.NONE);
        }
    },

    /** {@code geoip.asn-database}: a GeoLite2-ASN database. */
    ASN("geoip.asn-database", "a GeoLite2-ASN database", "RemoteIP_asn and RemoteIP_asOrganization") {
        @Override
        boolean accepts(String databaseType) {
            return databaseType.contains("GeoLite2-ASN");
        }

        @Override
        GeoInfo read(DatabaseReader reader, InetAddress address) throws IOException, GeoIp2Exception {
            return reader.tryAsn(address)
                    .map(response -> new GeoInfo(null, null, response.autonomousSystemNumber(),
                            response.autonomousSystemOrganization()))
                    .orElse(GeoInfo.NONE);
        }
    };

    private final String key;
    private final String expected;
    private final String fields;

    DatabaseKind(String key, String expected, String fields) {
        this.key = key;
        this.expected = expected;
        this.fields = fields;
    }

    /** The configuration key naming the file. */
    String key() {
        return key;
    }

    /** What the file must be, for messages. */
    String expected() {
        return expected;
    }

    /** The output fields it fills, for messages. */
    String fields() {
        return fields;
    }

    /** Whether a database of this metadata {@code database_type} (such as {@code GeoLite2-City}) will do. */
    abstract boolean accepts(String databaseType);

    /** This kind's part of what is known about the address; {@link GeoInfo#NONE} when the database has no entry. */
    abstract GeoInfo read(DatabaseReader reader, InetAddress address) throws IOException, GeoIp2Exception;
}
