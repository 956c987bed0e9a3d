package dev.junction.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.SourceLocation;
import dev.junction.spec.SpecProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowStepScopeTest {
    private final Problems problems = new Problems();
    private final FlowStepScope scope = new FlowStepScope(problems);
    private int line = 1;

    /** Declares a step written on the next line. */
    private void step(String name) {
        SourceLocation at = new SourceLocation("flow.yaml", ++line, 3);
        YamlNode.Scalar value = new YamlNode.Scalar(YamlNode.ScalarType.STRING, name, name, new SourceLocation("flow.yaml", line, 9));
        YamlNode.Mapping step = new YamlNode.Mapping(List.of(new YamlNode.Entry("name", at, value)), at);
        scope.declare(name, Fields.of(step, "steps[" + line + "]", at, problems));
    }

    private List<String> messages() {
        return problems.sorted().stream().map(SpecProblem::message).toList();
    }

    private void reads(String expression) {
        scope.checkReferences(expression, new SourceLocation("flow.yaml", 99, 1), "steps[9].map.from");
    }

    @Test
    void aStepReadsTheStepsWrittenBeforeIt() {
        step("getUser");
        step("mapUser");
        reads("steps.getUser.output.email & steps.mapUser.output.id");
        assertThat(messages()).isEmpty();
    }

    @Test
    void readingAStepNotWrittenBeforeNamesTheEarlierStepsAndTheClosestOne() {
        step("getUser");
        reads("steps.getUsr.output");
        reads("steps.getUsr.output & steps.getUsr.status"); // reported once per expression
        assertThat(messages()).containsExactly(
                "reads steps.getUsr, but no step named 'getUsr' comes before this one; did you mean 'getUser'? (earlier steps: getUser)",
                "reads steps.getUsr, but no step named 'getUsr' comes before this one; did you mean 'getUser'? (earlier steps: getUser)");
    }

    @Test
    void readingAStepWhenNoneComesBeforeSaysSo() {
        reads("steps.later.output");
        assertThat(messages()).containsExactly("reads steps.later, but no step named 'later' comes before this one (no step does)");
    }

    @Test
    void theStepsOfAForEachAreReadableOnlyInsideIt() {
        step("each");
        boolean inside = scope.forEach("each", () -> {
            step("callOne");
            reads("steps.callOne.output");
            return scope.insideForEach();
        });
        assertThat(inside).isTrue();
        assertThat(scope.insideForEach()).isFalse();
        reads("steps.callOne.output");
        assertThat(messages()).containsExactly("reads steps.callOne, but step 'callOne' runs once per item of forEach 'each';"
                + " read its results in steps.each.output.items instead");
    }

    @Test
    void aNameUsedTwiceIsADuplicateAtItsSecondPlace() {
        step("same");
        step("same");
        scope.forEach("each", () -> {
            step("inner");
            return null;
        });
        step("inner");
        assertThat(messages()).containsExactly("duplicate step name 'same'; it is already used at flow.yaml:2:9",
                "duplicate step name 'inner'; a step inside forEach 'each' already uses it");
    }

    @Test
    void aTemplateReportsExpressionsThatDoNotParseOnlyWhenAskedTo() {
        YamlNode.Scalar broken = new YamlNode.Scalar(YamlNode.ScalarType.STRING, "= (", "= (", new SourceLocation("flow.yaml", 7, 5));
        scope.checkTemplate(broken, "steps[1].map.mapping.x", false);
        assertThat(messages()).isEmpty();
        scope.checkTemplate(broken, "steps[1].respond.body", true);
        assertThat(messages()).hasSize(1);
    }
}
