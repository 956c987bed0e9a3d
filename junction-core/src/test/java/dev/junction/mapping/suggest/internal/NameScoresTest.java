package dev.junction.mapping.suggest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NameScoresTest {
    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("firstName", List.of("first", "name")),
                Arguments.of("first_name", List.of("first", "name")),
                Arguments.of("First-Name", List.of("first", "name")),
                Arguments.of("firstname", List.of("first", "name")),
                Arguments.of("lastmodifieddate", List.of("last", "modified", "date")),
                Arguments.of("HTTPStatusCode", List.of("http", "status", "code")),
                Arguments.of("address1", List.of("address", "1")),
                Arguments.of("hs_lead_status", List.of("hs", "lead", "status")),
                Arguments.of("xyzzyplugh", List.of("xyzzyplugh")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("words")
    void namesBecomeWordsWhateverTheirCaseSeparatorsOrRunTogetherSpelling(String name, List<String> expected) {
        assertThat(Names.words(name)).isEqualTo(expected);
    }

    static Stream<Arguments> scores() {
        return Stream.of(
                Arguments.of("first_name", "firstName", 1.0),
                Arguments.of("email", "email_address", 0.95),
                Arguments.of("email", "mail", 0.95),
                Arguments.of("first_name", "given_name", 0.95),
                Arguments.of("fname", "firstname", 0.95),
                Arguments.of("last_name", "surname", 0.95),
                Arguments.of("family_name", "lastName", 0.95),
                Arguments.of("phone", "telephone", 0.95),
                Arguments.of("mobile", "phone", 0.95),
                Arguments.of("company", "organization", 0.95),
                Arguments.of("account_name", "company", 0.95),
                Arguments.of("zip", "postal_code", 0.95),
                Arguments.of("workEmail", "email", 0.9),
                Arguments.of("primary_phone", "telephone", 0.9),
                Arguments.of("first_name", "last_name", 0.2),
                Arguments.of("createdate", "hireDate", 0.2),
                Arguments.of("tier", "priority", 0.0));
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("scores")
    void nameSimilarityFollowsSynonymsAndKeepsDifferentConceptsApart(String a, String b, double expected) {
        assertThat(Scores.name(Names.words(a), Names.words(b))).isEqualTo(expected);
        assertThat(Scores.name(Names.words(b), Names.words(a))).isEqualTo(expected);
    }
}
