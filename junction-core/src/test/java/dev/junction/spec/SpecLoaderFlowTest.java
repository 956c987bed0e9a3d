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
                "flow.yaml:3:11 limits.stepz: unknown key; did you mean 'steps'? (allowed: steps, expressionTimeout, maxDepth, items, concurrency)",
                "flow.yaml:6:38 steps[0].call.action: connector 'acme-crm' (of connection 'crm') has no action 'upsertUsers' (it declares no actions)",
                "flow.yaml:7:11 steps[1].name: duplicate step name 'a'; it is already used at flow.yaml:5:11",
                "flow.yaml:8:43 steps[1].call.action: connector 'helpdesk' (of connection 'helpdesk') has no action 'upsertUser'; did you mean"
                        + " 'upsertUsers'? (actions: upsertUsers, deleteUser)",
                "flow.yaml:8:68 steps[1].call.record.x: not a valid JSONata expression: Expected \")\" before end of expression (at character 1)",
                "flow.yaml:9:5 steps[2]: expected exactly one of call, map, branch, respond, fail, lookup, forEach, flow, wait, found none",
                "flow.yaml:10:5 steps[2].respnd: unknown key; did you mean 'respond'? (allowed: name, call, map, branch, respond, fail, lookup, forEach, flow, wait, onError,"
                        + " retry, timeout)");
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
    void theNewStepKindsReadAsTheirRecordsWithPoliciesAndLimits() throws Exception {
        LoadResult result = load("""
                kind: Flow
                name: orders
                limits: { items: 50, concurrency: 4 }
                onError: { compensate: [ { name: undo, call: { connection: helpdesk, request: { method: DELETE, path: /api/x } } } ] }
                steps:
                  - name: customer
                    lookup: { connection: helpdesk, stream: agents, match: email, value: "= input.email" }
                  - name: lines
                    retry: { attempts: 4, backoff: 10ms }
                    timeout: 5s
                    onError: catch
                    forEach:
                      over: "= input.lines"
                      as: line
                      concurrency: 4
                      steps:
                        - name: price
                          call: { connection: helpdesk, request: { path: "= '/api/prices/' & line.sku", query: { currency: EUR } } }
                  - name: child
                    onError: continue
                    flow: { name: orders, input: { email: "= input.email" } }
                """);

        assertThat(result.problems()).isEmpty();
        FlowSpec flow = result.flows().get("orders");
        assertThat(flow.limits().items()).isEqualTo(50);
        assertThat(flow.limits().concurrency()).isEqualTo(4);
        assertThat(flow.onError().mode()).isEqualTo(FlowSpec.OnError.Mode.COMPENSATE);
        assertThat(flow.onError().compensate()).singleElement().isInstanceOf(FlowSpec.RawCall.class);
        assertThat(flow.steps().get(0)).isEqualTo(new FlowSpec.Lookup("customer", "helpdesk", "agents", "email",
                new FlowSpec.Template(JSON.readTree("\"= input.email\"")), flow.steps().get(0).location()));
        FlowSpec.ForEach lines = (FlowSpec.ForEach) flow.steps().get(1);
        assertThat(lines.as()).isEqualTo("line");
        assertThat(lines.concurrency()).isEqualTo(4);
        assertThat(((FlowSpec.RawCall) lines.steps().getFirst()).method()).isEqualTo("GET");
        assertThat(flow.policy("lines")).isEqualTo(new FlowSpec.StepPolicy(new FlowSpec.OnError(FlowSpec.OnError.Mode.CATCH, List.of()),
                new FlowSpec.Retry(4, java.time.Duration.ofMillis(10)), java.time.Duration.ofSeconds(5)));
        assertThat(flow.policy("customer").onError()).as("the flow's onError when the step sets none").isEqualTo(flow.onError());
        assertThat(flow.steps().get(2)).isInstanceOf(FlowSpec.SubFlow.class);
    }

    @Test
    void mistakesInTheNewStepKindsAreErrorsWithTheirPlace() {
        assertThat(problems("""
                kind: Flow
                name: f
                limits: { items: 0, concurrency: 5000 }
                steps:
                  - name: each
                    forEach:
                      over: "= input.list"
                      as: steps
                      concurrency: 17
                      steps:
                        - name: inner
                          lookup: { connection: helpdesk, stream: agent, match: email, value: "= item" }
                        - name: answer
                          respond: { body: 1 }
                  - name: after
                    onError: retry
                    retry: { attempts: 11 }
                    map: { from: "= steps.inner.output", mapping: { a: a } }
                  - name: sub
                    flow: { name: nope }
                  - name: raw
                    call: { connection: helpdesk, stream: users, request: { method: FETCH, path: api/users } }
                  - name: done
                    timeout: 1s
                    fail: { message: x }
                """)).containsExactly(
                "flow.yaml:3:18 limits.items: expected a positive integer, found '0'",
                "flow.yaml:3:34 limits.concurrency: expected at most 1000, found 5000",
                "flow.yaml:8:11 steps[0].forEach.as: 'steps' cannot name the item; expected letters, digits and _ (not input, steps or error),"
                        + " such as item",
                "flow.yaml:9:20 steps[0].forEach.concurrency: expected at most 16, found 17",
                "flow.yaml:12:51 steps[0].forEach.steps[0].lookup.stream: connector 'helpdesk' (of connection 'helpdesk') has no stream 'agent';"
                        + " did you mean 'agents'? (streams: tickets, agents, events)",
                "flow.yaml:14:20 steps[0].forEach.steps[1].respond: respond ends the whole execution, so it cannot run per item of a forEach;"
                        + " let the forEach end and respond after it",
                "flow.yaml:16:14 steps[1].onError: expected fail, catch, continue or { compensate: [steps] }, found 'retry'",
                "flow.yaml:17:24 steps[1].retry.attempts: expected at most 10, found 11",
                "flow.yaml:18:18 steps[1].map.from: reads steps.inner, but step 'inner' runs once per item of forEach 'each'; read its results in"
                        + " steps.each.output.items instead",
                "flow.yaml:20:19 steps[2].flow.name: unknown flow 'nope' (flows: f)",
                "flow.yaml:22:43 steps[3].call.stream: a call with request: sends that request as it is; it takes no stream (use either request or"
                        + " action/stream)",
                "flow.yaml:22:69 steps[3].call.request.method: expected one of DELETE, GET, HEAD, PATCH, POST, PUT, found 'FETCH'",
                "flow.yaml:22:82 steps[3].call.request.path: expected a path below the connector's base URL starting with /, such as /v1/contacts,"
                        + " found 'api/users'",
                "flow.yaml:24:14 steps[4].timeout: a fail step ends the execution itself; it takes no timeout");
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
