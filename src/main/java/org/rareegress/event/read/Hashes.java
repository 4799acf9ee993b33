package org.rareegress.event.read;

import java.util.Locale;

/** Sysmon's {@code Hashes} field ({@code SHA1=…,MD5=…,SHA256=…,IMPHASH=…}, whichever the config selects). */
final class Hashes {
    private Hashes() {
    }

    /** The named hash, lower-case like Defender's, or null when absent or not hex of the right length. */
    static String pick(String hashes, String algorithm, int hexLength) {
        if (hashes == null) {
            return null;
        }
        for (String part : hashes.split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).strip().equalsIgnoreCase(algorithm)) {
                return hex(part.substring(equals + 1).strip(), hexLength);
            }
        }
        return null;
    }

    static String hex(String value, int hexLength) {
        if (value == null || value.length() != hexLength) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return null;
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
