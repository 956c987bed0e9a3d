package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.flow.FlowExpressions;
import dev.junction.flow.JsonSchemaCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kind: Flow}: what a valid flow reads as, and each load error with its file:line:column
 * (next to the valid fixture set: connections {@code crm} of acme-crm and {@code helpdesk}).
 */
class SpecLoaderFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String yaml) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("flow.yaml", yaml));
        return loader.loadTexts(texts);
    }

    private List<String> problems(String yaml) {
        return load(yaml).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aValidFlowReadsAsItsSteps() throws Exception {
        LoadResult result = load("""
                kind: Flow
                name: contact-card
                trigger: { api: {} }
                input:
                  type: object
                  required: [id]
                  properties: { id: { type: string } }
                limits: { steps: 20, expressionTimeout: 500ms }
                steps:
                  - name: contact
                    call: { connection: crm, stream: contacts, key: "= input.id" }
                  - name: card
                    map:
                      from: "= steps.contact.output"
                      mapping:
                        name: "= firstname & ' ' & lastname"
                        source: { const: crm }
                  - name: known
                    branch:
                      if: "steps.card.output.name != ' '"
                      then:
                        - name: answer
                          respond: { status: 200, body: { card: "= steps.card.output", id: "= input.id" } }
                      else:
                        - name: missing
                          fail: { status: 404, message: "= 'no contact ' & input.id" }
                """);

        assertThat(result.problems()).isEmpty();
        FlowSpec flow = result.flows().get("contact-card");
        assertThat(flow.trigger()).isEqualTo(new FlowSpec.Trigger(true, false));
        assertThat(flow.limits().steps()).isEqualTo(20);
        assertThat(flow.steps()).extracting(FlowSpec.Step::name).containsExactly("contact", "card", "known");
        assertThat(flow.steps().get(0)).isEqualTo(new FlowSpec.Call("contact", "crm", null, "contacts", null,
                new FlowSpec.Template(JSON.readTree("\"= input.id\"")), flow.steps().get(0).location()));
        FlowSpec.Branch branch = (FlowSpec.Branch) flow.steps().get(2);
        assertThat(branch.then()).singleElement().isInstanceOf(FlowSpec.Respond.class);
        assertThat(((FlowSpec.Fail) branch.otherwise().getFirst()).status()).isEqualTo(404);
        assertThat(result.find("Flow", "contact-card")).isPresent();

        JsonSchemaCheck schema = JsonSchemaCheck.of(flow.input());
        assertThat(schema.problems(JSON.readTree("{\"id\":\"7\"}"))).isEmpty();
        assertThat(schema.problems(JSON.readTree("{\"id\":7}"))).singleElement().asString().contains("/id").contains("string");

        FlowExpressions expressions = new FlowExpressions(flow.limits());
        var context = JSON.readTree("{\"input\":{\"id\":\"7\"},\"steps\":{\"card\":{\"output\":{\"name\":\"Ada L\"}}}}");
        assertThat(expressions.test(branch.condition(), context, "if")).isTrue();
        assertThat(expressions.render(((FlowSpec.Respond) branch.then().getFirst()).body(), context, "body"))
                .isEqualTo(JSON.readTree("{\"card\":{\"name\":\"Ada L\"},\"id\":\"7\"}"));
    }

    @Test
    void aReferenceToAStepThatDoesNotComeEarlierIsAnErrorAtItsLine() {
        assertThat(problems("""
                kind: Flow
                name: f
                steps:
                  - name: first
                    respond: { body: "= steps.later.output" }
                  - name: later
                    map: { from: "= steps.frist.output", mapping: { a: "= steps.nope.x" } }
                """)).containsExactly(
                "flow.yaml:5:22 steps[0].respond.body: reads steps.later, but no step named 'later' comes before this one (no step does)",
                "flow.yaml:7:18 steps[1].map.from: reads steps.frist, but no step named 'frist' comes before this one; did you mean 'first'?"
                        + " (earlier steps: first)",
                "flow.yaml:7:56 steps[1].map.mapping.a: reads steps.nope, but no step named 'nope' comes before this one (earlier steps: first)");
    }

    @Test
    void duplicateNamesUnknownKeysAndConnectionsAreErrorsWithTheirPlace() {
        assertThat(problems("""
                kind: Flow
                name: f
                limits: { stepz: 3 }
                steps:
                  - name: a
                    call: { connection: crm, action: upsertUsers, record: {} }
                  - name: a
                    call: { connection: helpdesk, action: upsertUser, record: { x: "= (" } }
                  - name: b
                    respnd: { status: 200 }
                """)).containsExactly(
                "flow.yaml:3:11 limits.stepz: unknown key; did you mean 'steps'? (allowed: steps, expressionTimeout, maxDepth)",
                "flow.yaml:6:38 steps[0].call.action: connector 'acme-crm' (of connection 'crm') has no action 'upsertUsers' (it declares no actions)",
                "flow.yaml:7:11 steps[1].name: duplicate step name 'a'; it is already used at flow.yaml:5:11",
                "flow.yaml:8:43 steps[1].call.action: connector 'helpdesk' (of connection 'helpdesk') has no action 'upsertUser'; did you mean"
                        + " 'upsertUsers'? (actions: upsertUsers, deleteUser)",
                "flow.yaml:8:68 steps[1].call.record.x: not a valid JSONata expression: Expected \")\" before end of expression (at character 1)",
                "flow.yaml:9:5 steps[2]: expected exactly one of call, map, branch, respond, fail, wait, found none",
                "flow.yaml:10:5 steps[2].respnd: unknown key; did you mean 'respond'? (allowed: name, call, map, branch, respond, fail, wait)");
    }

    @Test
    void anInputThatIsNotASchemaIsAnError() {
        assertThat(problems("""
                kind: Flow
                name: f
                input: { type: 12 }
                steps:
                  - name: a
                    respond: { status: 700 }
                """)).anySatisfy(p -> assertThat(p).startsWith("flow.yaml:3:8 input: not a usable JSON Schema"))
                .contains("flow.yaml:6:24 steps[0].respond.status: expected an HTTP status from 200 to 299, found 700");
    }

    @Test
    void aWaitIsForADurationOrUntilAnExpressionAndIsCheckedAtItsLine() {
        LoadResult ok = load("""
                kind: Flow
                name: f
                steps:
                  - name: pause
                    wait: { for: 10s }
                  - name: until
                    wait: { until: "= input.at" }
                """);
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.flows().get("f").steps()).containsExactly(
                new FlowSpec.Wait("pause", java.time.Duration.ofSeconds(10), null, ok.flows().get("f").steps().get(0).location()),
                new FlowSpec.Wait("until", null, "input.at", ok.flows().get("f").steps().get(1).location()));

        assertThat(problems("""
                kind: Flow
                name: f
                steps:
                  - name: reads
                    wait: { until: "= steps.later.output", forr: 1s }
                  - name: both
                    wait: { for: 10s, until: "= input.at" }
                  - name: neither
                    wait: {}
                  - name: bad
                    wait: { for: soon }
                  - name: later
                    wait: { for: 400d }
                """)).containsExactly(
                "flow.yaml:5:20 steps[0].wait.until: reads steps.later, but no step named 'later' comes before this one (no step does)",
                "flow.yaml:5:44 steps[0].wait.forr: unknown key; did you mean 'for'? (allowed: for, until)",
                "flow.yaml:7:11 steps[1].wait: expected either for: (a duration such as 10s or 2h) or until: (a JSONata expression giving an"
                        + " ISO-8601 time, such as \"= input.remindAt\"), found both",
                "flow.yaml:9:11 steps[2].wait: expected either for: (a duration such as 10s or 2h) or until: (a JSONata expression giving an"
                        + " ISO-8601 time, such as \"= input.remindAt\"), found neither",
                "flow.yaml:11:18 steps[3].wait.for: expected a duration such as 500ms, 2s, 1m or 1h, found 'soon'",
                "flow.yaml:13:18 steps[4].wait.for: expected at most 366d, found PT9600H; use until: for a wait longer than a year");
    }
}
