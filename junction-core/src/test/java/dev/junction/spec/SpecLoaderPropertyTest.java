package dev.junction.spec;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties: loading arbitrary text, fragments of YAML and edited valid specs never throws. The
 * same check without jqwik, on a fixed seed, is in {@link SpecLoaderRobustnessTest}.
 */
class SpecLoaderPropertyTest {
    private static final List<String> FRAGMENTS = SpecLoaderRobustnessTest.FRAGMENTS;

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

    private void assertOnlyProblems(String text) {
        SpecLoaderRobustnessTest.assertOnlyProblems(loader.loadTexts(List.of(new SourceText("any.yaml", text))));
    }
}
