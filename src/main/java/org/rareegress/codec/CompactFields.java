package org.rareegress.codec;


/**
 * The compact forms of version 2 of {@link ProcessStateCodec}: Defender's hex identifiers (40-digit
 * DeviceIds, 32-digit MD5s) as raw bytes, and each device name as the part that differs from the name
 * before it (a fleet's names share their domain). Anything else is stored as the text it is, so every
 * value round-trips exactly.
 */
final class CompactFields {
    static final int DEVICE_ID_HEX = 40;
    static final int MD5_HEX = 32;
    private static final int TEXT = 0;
    private static final int HEX = 1;
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private CompactFields() {
    }

    /** Lower-case hex of exactly {@code hexLength} digits as bytes, else the text (null included). */
    static void writeHexOrText(BinaryWriter out, String value, int hexLength) {
        if (value == null || value.length() != hexLength || !isLowerHex(value)) {
            out.writeByte(TEXT);
            out.writeString(value);
            return;
        }
        out.writeByte(HEX);
        for (int i = 0; i < hexLength; i += 2) {
            out.writeByte(Character.digit(value.charAt(i), 16) << 4 | Character.digit(value.charAt(i + 1), 16));
        }
    }

    static String readHexOrText(BinaryReader in, int hexLength) {
        int form = in.readByte();
        if (form == TEXT) {
            return in.readString();
        }
        if (form != HEX) {
            throw new IllegalStateException("bad value form " + form);
        }
        char[] text = new char[hexLength];
        for (int i = 0; i < hexLength; i += 2) {
            int b = in.readByte();
            text[i] = DIGITS[b >>> 4];
            text[i + 1] = DIGITS[b & 0xf];
        }
        return new String(text);
    }

    static String readRequiredHexOrText(BinaryReader in, int hexLength, String what) {
        String value = readHexOrText(in, hexLength);
        if (value == null) {
            throw new IllegalStateException(what + " is missing");
        }
        return value;
    }

    /** The length of the suffix {@code name} shares with {@code previous}, then the rest of {@code name}. */
    static void writeName(BinaryWriter out, String name, String previous) {
        int shared = 0;
        if (name != null && previous != null) {
            int max = Math.min(name.length(), previous.length());
            while (shared < max && name.charAt(name.length() - 1 - shared) == previous.charAt(previous.length() - 1 - shared)) {
                shared++;
            }
            // Never split a surrogate pair: the part written must be valid text on its own.
            while (shared > 0 && Character.isLowSurrogate(name.charAt(name.length() - shared))) {
                shared--;
            }
        }
        out.writeVarInt(shared);
        if (name == null) {
            out.writeString(null);
        } else {
            // Only the part that differs from the previous name, written without cutting a new String.
            out.writeString(name, name.length() - shared);
        }
    }

    static String readName(BinaryReader in, String previous) {
        int shared = in.readVarInt();
        String head = in.readString();
        if (shared == 0) {
            return head;
        }
        if (head == null || previous == null || shared < 0 || shared > previous.length()) {
            throw new IllegalStateException("bad shared name suffix " + shared);
        }
        return head + previous.substring(previous.length() - shared);
    }

    private static boolean isLowerHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
