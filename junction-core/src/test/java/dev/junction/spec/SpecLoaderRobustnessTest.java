package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Loading never throws, whatever the text: bad input only ever gives problems. */
class SpecLoaderRobustnessTest {
    private static final List<String> FRAGMENTS = List.of(
            "kind: Connector\n", "kind: Connection\n", "kind: Sync\n", "name: a\n", "name: ", "---\n", "...\n", "%YAML 1.2\n",
            "  ", "    ", "- ", "{", "}", "[", "]", ": ", ", ", "\"", "'", "{{", "}}", "{{ config.x }}", "${env:", "${file:x}", "}",
            "&a ", "*a", "<<: *a\n", "!!str ", "!x ", "|\n", ">-\n", "\t", "\n", "\r\n", "# c\n", "\uFEFF", "\u0000", "é", "\uD83D\uDE00",
            "0x1F", "1_000", ".inf", ".nan", "~", "null", "true", "yes", "99999999999999999999", "-1", "0", "1.5", "5 minutes",
            "baseUrl: ", "streams:\n", "  s:\n", "    request: { path: /x }\n", "    records: $\n", "    primaryKey: id\n",
            "    pagination: { type: page, start: 2 }\n", "auth: { type: api-key }\n", "config: { a: { type: integer, default: x } }\n",
            "secrets: { t: plain }\n", "mapping:\n", "  a: = $x +\n", "  b: { from: x, values: { y: 1 } }\n", "  c..d: e\n",
            "source: { connection: crm, stream: contacts, mode: incremental }\n", "destination: { connection: helpdesk, action: upsertUsers, key: a }\n",
            "connector: acme-crm\n", "actions: { up: { request: { path: /u, body: \"{\" } } }\n");

    private final SpecLoader loader = new SpecLoader();

    @Property(tries = 300)
    void loadingArbitraryTextNeverThrows(@ForAll String text) {
        assertOnlyProblems(text);
    }

    @Property(tries = 500)
    void loadingYamlLikeFragmentsNeverThrows(@ForAll("yamlLike") String text) {
        assertOnlyProblems(text);
    }

    @Property(tries = 500)
    void loadingMutatedValidSpecsNeverThrows(@ForAll("mutatedFixtures") String text) {
        assertOnlyProblems(text);
    }

    @Provide
    Arbitrary<String> yamlLike() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> mutatedFixtures() {
        List<String> fixtures = SpecLoaderProblemsTest.validFixtures().stream().map(SourceText::text).toList();
        return Combinators.combine(
                        Arbitraries.of(fixtures), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 12), Arbitraries.of(FRAGMENTS))
                .as((fixture, where, cut, insert) -> {
                    int at = (int) (where * fixture.length());
                    return fixture.substring(0, at) + insert + fixture.substring(Math.min(fixture.length(), at + cut));
                });
    }

    /** The same check without jqwik: a fixed seed, many small edits of the valid fixtures, loaded together. */
    @Test
    void loadingThousandsOfEditedFixtureSetsNeverThrows() {
        Random random = new Random(20_261_122);
        List<SourceText> fixtures = SpecLoaderProblemsTest.validFixtures();
        for (int round = 0; round < 2_000; round++) {
            List<SourceText> texts = new ArrayList<>(fixtures);
            int victim = random.nextInt(texts.size());
            String text = texts.get(victim).text();
            for (int edit = 0; edit < 1 + random.nextInt(3); edit++) {
                int at = random.nextInt(text.length() + 1);
                int cut = Math.min(text.length() - at, random.nextInt(8));
                text = text.substring(0, at) + FRAGMENTS.get(random.nextInt(FRAGMENTS.size())) + text.substring(at + cut);
            }
            texts.set(victim, new SourceText("edited.yaml", text));
            assertOnlyProblems(loader.loadTexts(texts));
        }
    }

    private void assertOnlyProblems(String text) {
        assertOnlyProblems(loader.loadTexts(List.of(new SourceText("any.yaml", text))));
    }

    private static void assertOnlyProblems(LoadResult result) {
        assertThat(result.ok()).isEqualTo(result.problems().isEmpty());
        for (SpecProblem problem : result.problems()) {
            assertThat(problem.message()).isNotBlank().doesNotContain("Exception", "com.fasterxml", "org.yaml", "\n");
            assertThat(problem.location().line()).isPositive();
        }
    }
}
