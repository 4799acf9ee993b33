package org.rareegress.simulate;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the pre-encoded JSON pieces rows are assembled from; used at set-up only, never per event. */
final class Json {
    private Json() {
    }

    /** The text escaped for use inside a JSON string (quotes, backslashes, controls). */
    static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Splits an escaped template at {@code {user}}, so the user name can be written between the parts. */
    static byte[][] userTemplate(String raw) {
        String[] parts = escape(raw).split("\\{user\\}", -1);
        byte[][] pieces = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            pieces[i] = utf8(parts[i]);
        }
        return pieces;
    }
}
