package dev.junction.mapping.suggest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.schema.JsonType;
import dev.junction.schema.SchemaTypes;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The three parts of a pair's score, each in [0, 1]. */
public final class Scores {
    /** What a part scores when there is no evidence either way. */
    public static final double NEUTRAL = 0.5;

    private Scores() {}

    /**
     * Name similarity: 1 for the same words ({@code firstName} and {@code first_name}), 0.95 for the
     * same concept ({@code email} and {@code email_address}), 0.9 when
     * they agree once qualifiers are dropped ({@code workEmail} and {@code email}), at most 0.2 for
     * two different known concepts ({@code first_name} and {@code last_name}), else the larger of
     * the word overlap (Dice, with one-word synonyms) and 0.9 × the character similarity when that
     * is at least 0.8 (typos, plurals).
     */
    public static double name(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        if (String.join("_", a).equals(String.join("_", b))) {
            return 1.0;
        }
        String conceptA = Names.concept(a);
        String conceptB = Names.concept(b);
        if (conceptA != null && conceptA.equals(conceptB)) {
            return 0.95;
        }
        List<String> ua = Names.unqualified(a);
        List<String> ub = Names.unqualified(b);
        String unqualifiedA = Names.concept(ua);
        String unqualifiedB = Names.concept(ub);
        if (unqualifiedA != null && unqualifiedA.equals(unqualifiedB) || String.join("_", ua).equals(String.join("_", ub))) {
            return 0.9;
        }
        String knownA = conceptA != null ? conceptA : unqualifiedA;
        String knownB = conceptB != null ? conceptB : unqualifiedB;
        double words = dice(Names.canonicalWords(ua), Names.canonicalWords(ub));
        double chars = similarity(String.join("", ua), String.join("", ub));
        double score = Math.max(words * 0.85, chars >= 0.8 ? chars * 0.9 : 0);
        return knownA != null && knownB != null ? Math.min(score, 0.2) : score;
    }

    /**
     * Type compatibility of two field schemas: 1 for the same type and format, 0.8 when one has a
     * format the other lacks, 0.9 for integer and number, 0.5 for a string and a scalar it converts
     * to or from (or a type unknown on either side), 0.4 for two string formats that differ, 0.3 for
     * boolean and number, 0 for an object or array against anything else.
     */
    public static double type(JsonNode a, JsonNode b) {
        EnumSet<JsonType> ta = SchemaTypes.types(a);
        EnumSet<JsonType> tb = SchemaTypes.types(b);
        if (ta.isEmpty() || tb.isEmpty()) {
            return NEUTRAL;
        }
        double best = 0;
        for (JsonType x : ta) {
            for (JsonType y : tb) {
                best = Math.max(best, pair(x, y, a.path("format").asText(null), b.path("format").asText(null)));
            }
        }
        return best;
    }

    private static double pair(JsonType x, JsonType y, String fx, String fy) {
        if (x == y) {
            if (x != JsonType.STRING || java.util.Objects.equals(fx, fy)) {
                return 1.0;
            }
            return fx == null || fy == null ? 0.8 : 0.4;
        }
        Set<JsonType> both = EnumSet.of(x, y);
        if (both.contains(JsonType.OBJECT) || both.contains(JsonType.ARRAY)) {
            return 0;
        }
        if (both.equals(EnumSet.of(JsonType.INTEGER, JsonType.NUMBER))) {
            return 0.9;
        }
        if (both.contains(JsonType.STRING)) {
            return NEUTRAL;
        }
        return 0.3; // boolean and a number
    }

    /**
     * Sample values: with no samples on either side, neutral; when they share values,
     * 0.5 + 0.5 × shared / smaller set (case and surrounding space ignored); else 0.5 × the overlap
     * of their shapes (letters as a, digits as 9, runs collapsed: {@code ada@x.io} → {@code a@a.a}).
     */
    public static double value(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return NEUTRAL;
        }
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        if (!shared.isEmpty()) {
            return 0.5 + 0.5 * shared.size() / Math.min(a.size(), b.size());
        }
        return 0.5 * jaccard(shapes(a), shapes(b));
    }

    static Set<String> shapes(Set<String> values) {
        Set<String> out = new HashSet<>();
        for (String v : values) {
            out.add(v.replaceAll("\\p{L}+", "a").replaceAll("\\d+", "9"));
        }
        return out;
    }

    private static double dice(Set<String> a, Set<String> b) {
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        return 2.0 * shared.size() / (a.size() + b.size());
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        return union.isEmpty() ? 0 : (double) shared.size() / union.size();
    }

    /** 1 − Levenshtein distance / longer length. */
    static double similarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        if (longer == 0) {
            return 1;
        }
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
        return 1.0 - (double) previous[b.length()] / longer;
    }
}
