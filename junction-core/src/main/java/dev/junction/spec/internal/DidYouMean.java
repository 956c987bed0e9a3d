package dev.junction.spec.internal;

import java.util.Collection;
import java.util.Locale;

/** Suggests the closest known name for a misspelt one. */
public final class DidYouMean {
    private DidYouMean() {}

    /**
     * The candidate closest to {@code input}: the one at the smallest edit distance when that is at
     * most 2 (ignoring case; at most 1 for inputs of 3 or 4 characters, 0 for shorter ones), else the first one that {@code input} is a prefix of, or that is a
     * prefix of {@code input} (either at least 3 characters long); null when none is close.
     */
    public static String suggest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty()) {
            return null;
        }
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Math.min(2, (in.length() - 1) / 2) + 1; // "x" is not a typo of "c"
        for (String candidate : candidates) {
            int distance = distance(in, candidate.toLowerCase(Locale.ROOT), bestDistance);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null) {
            return best;
        }
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            if (in.length() >= 3 && c.startsWith(in) || c.length() >= 3 && in.startsWith(c)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code "; did you mean 'x'?"} or an empty string. */
    public static String hint(String input, Collection<String> candidates) {
        String suggestion = suggest(input, candidates);
        return suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
    }

    /** Levenshtein distance, or {@code limit} once it is known to be at least that. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
