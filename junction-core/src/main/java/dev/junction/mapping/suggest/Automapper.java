package dev.junction.mapping.suggest;

import dev.junction.mapping.suggest.internal.Scores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposes source → destination field pairs; it only suggests, never writes a mapping.
 *
 * <p>Each pair scores {@code 0.65 × name + 0.20 × type + 0.15 × values}, each part in [0, 1]
 * (see {@link Scores}): names are compared as words (case, separators, camel and snake case,
 * run-together words, synonyms such as email/mail/email_address, first_name/firstname/given_name,
 * phone/telephone/mobile, company/organization/account, zip/postal_code); types by compatibility;
 * values by shared values or shapes. A pair of incompatible types (an object or array against a
 * scalar) keeps only 30 % of its score. Pairs are then chosen greedily, best score first, each
 * field used once, and only at or above the minimum score.
 *
 * <pre>{@code
 * var pairs = new Automapper(Automapper.DEFAULT_MIN_SCORE).suggest(FieldProfile.of(crmSchema, crmRecords),
 *         FieldProfile.of(helpdeskSchema, helpdeskRecords));
 * pairs.forEach(p -> System.out.println(p.yamlLine() + "   # " + p.explanation()));
 * }</pre>
 */
public final class Automapper {
    /** Pairs below this score are not suggested. */
    public static final double DEFAULT_MIN_SCORE = 0.6;
    static final double NAME_WEIGHT = 0.65;
    static final double TYPE_WEIGHT = 0.20;
    static final double VALUE_WEIGHT = 0.15;
    static final double INCOMPATIBLE_TYPES = 0.3;

    private final double minScore;

    public Automapper(double minScore) {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be between 0 and 1, was " + minScore);
        }
        this.minScore = minScore;
    }

    /** Scores one pair. */
    public Suggestion score(FieldProfile source, FieldProfile destination) {
        double name = Scores.name(source.words(), destination.words());
        double type = Scores.type(source.schema(), destination.schema());
        double value = Scores.value(source.samples(), destination.samples());
        double score = NAME_WEIGHT * name + TYPE_WEIGHT * type + VALUE_WEIGHT * value;
        if (type == 0) {
            score *= INCOMPATIBLE_TYPES;
        }
        return new Suggestion(destination, source, Math.round(score * 1000) / 1000.0, name, type, value);
    }

    /**
     * The best one-to-one pairs at or above the minimum score, in destination order. Ties go to the
     * earlier destination, then the earlier source, so the same fields always give the same pairs.
     */
    public List<Suggestion> suggest(List<FieldProfile> source, List<FieldProfile> destination) {
        List<Suggestion> candidates = new ArrayList<>();
        Map<FieldProfile, Integer> destinationOrder = new LinkedHashMap<>();
        Map<FieldProfile, Integer> sourceOrder = new LinkedHashMap<>();
        for (int d = 0; d < destination.size(); d++) {
            destinationOrder.put(destination.get(d), d);
        }
        for (int s = 0; s < source.size(); s++) {
            sourceOrder.put(source.get(s), s);
        }
        for (FieldProfile d : destination) {
            for (FieldProfile s : source) {
                Suggestion pair = score(s, d);
                if (pair.score() >= minScore) {
                    candidates.add(pair);
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Suggestion::score).reversed()
                .thenComparing(p -> destinationOrder.get(p.destination()))
                .thenComparing(p -> sourceOrder.get(p.source())));
        Set<String> usedSources = new HashSet<>();
        Set<String> usedDestinations = new HashSet<>();
        List<Suggestion> chosen = new ArrayList<>();
        for (Suggestion pair : candidates) {
            if (!usedSources.contains(pair.source().path()) && !usedDestinations.contains(pair.destination().path())) {
                usedSources.add(pair.source().path());
                usedDestinations.add(pair.destination().path());
                chosen.add(pair);
            }
        }
        chosen.sort(Comparator.comparing(p -> destinationOrder.get(p.destination())));
        return List.copyOf(chosen);
    }
}
