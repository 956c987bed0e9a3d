package dev.junction.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("request", "records", "primaryKey", "pagination", "incremental", "maxPages");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "paginaton, pagination",     // one letter missing
        "primarykey, primaryKey",    // case only
        "recrods, records",          // a swap is two edits
        "pag, pagination",           // a prefix
        "recordsPath, records",      // starts with a key
        "maxPage, maxPages",
        "xyz, none",                 // nothing close
        "re, none",                  // too short to be a telling prefix
        "q, none",
    })
    void suggestsTheClosestKeyOrNothing(String input, String expected) {
        assertThat(DidYouMean.suggest(input, KEYS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} among {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
        "x, c, none",           // one letter is not a typo of another
        "crn, crm, crm",
        "tokn, token, token",
        "ab, ac, none",
    })
    void doesNotSuggestForVeryShortNamesThatMerelyDiffer(String input, String candidate, String expected) {
        assertThat(DidYouMean.suggest(input, List.of(candidate))).isEqualTo(expected);
    }
}
