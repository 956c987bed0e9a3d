package dev.junction.spec.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regression: a plain scalar folded over a line with '---' put a line break inside a problem message. */
class MultiLineValueInProblemTest {
    @Test
    void aValueSpanningLinesIsShownOnOneLine() {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("case.yaml", "kind: Connector\n  ---\n")));

        assertThat(result.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.toString()).doesNotContain("\n"));
        assertThat(result.problems().getFirst().message()).isEqualTo("'Connector ---' is not one of Connector, Connection, Sync, Flow, Alert, AlertChannel");
    }
}
