package org.rareegress.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the key a misspelt name was probably meant to be, for the "did you mean" hint: an unknown
 * key or variable must fail loudly, or the detector would silently run with the default.
 */
public final class Misspellings {
    /** Edits (insert, delete, replace a character) within which a name still counts as a misspelling. */
    private static final int MAX_EDITS = 3;

    private Misspellings() {
    }

    /** The first of {@code candidates}, in their iteration order, within a few edits of {@code typed}. */
    public static Optional<String> nearest(Collection<String> candidates, String typed) {
        return candidates.stream().filter(candidate -> editDistance(candidate, typed) <= MAX_EDITS).findFirst();
    }

    /** Levenshtein distance, two rows at a time. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
