package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loading never throws, whatever the text: bad input only ever gives problems. Plain JUnit with a
 * fixed seed; {@link SpecLoaderPropertyTest} checks the same with jqwik.
 */
class SpecLoaderRobustnessTest {
    static final List<String> FRAGMENTS = List.of(
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

    /** Many small random edits (fixed seed) of the valid fixtures, each loaded with the rest of the set. */
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

    @Test
    void loadingRandomTextNeverThrows() {
        Random random = new Random(42);
        String yamlish = ":- {}[]'\"#&*!|>%@`,\n\tab1";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : yamlish.charAt(random.nextInt(yamlish.length())));
            }
            assertOnlyProblems(loader.loadTexts(List.of(new SourceText("random.yaml", text.toString()))));
        }
    }

    @Test
    void reportsADocumentNestedTooDeeplyAsAProblem() {
        String text = "kind: Sync\nname: a\nmapping: { x: { const: " + "[".repeat(1_200) + "]".repeat(1_200) + " } }\n";

        assertThat(loader.loadTexts(List.of(new SourceText("deep.yaml", text))).problems()).extracting(SpecProblem::toString)
                .containsExactly("deep.yaml:1:1: invalid YAML: the document nests deeper than 1000 levels");
    }

    static void assertOnlyProblems(LoadResult result) {
        assertThat(result.ok()).isEqualTo(result.problems().isEmpty());
        for (SpecProblem problem : result.problems()) {
            assertThat(problem.message()).isNotBlank().doesNotContain("Exception", "com.fasterxml", "org.yaml", "\n");
            assertThat(problem.location().line()).isPositive();
        }
    }
}
