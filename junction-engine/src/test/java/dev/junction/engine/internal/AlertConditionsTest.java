package dev.junction.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.internal.AlertConditions.Verdict;
import dev.junction.spec.AlertSpec;
import dev.junction.spec.AlertSpec.Type;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each event-decided condition says about an event: a table of named cases. */
class AlertConditionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AlertSpec rule(AlertSpec.Condition condition, AlertSpec.Scope scope) {
        return new AlertSpec("r", null, condition, scope, List.of("c"), "error", null, AlertSpec.DEFAULT_RESOLVE_AFTER, null, null);
    }

    private static AlertSpec.Condition of(Type type) {
        return new AlertSpec.Condition(type, null, null, null, null);
    }

    private static JsonNode run(String tenant, long read, long failed, String error) throws Exception {
        return JSON.readTree("{\"runId\":\"r-1\",\"sync\":\"contacts\",\"tenant\":" + (tenant == null ? "null" : "\"" + tenant + "\"")
                + ",\"counters\":{\"read\":" + read + ",\"failed\":" + failed + "},\"error\":" + (error == null ? "null" : "\"" + error + "\"") + "}");
    }

    /** name, rule, event type, data, expected: null for no verdict, else "holds SUBJECT" or "clears SUBJECT". */
    static Stream<Arguments> cases() throws Exception {
        AlertSpec.Condition tenOrFivePercent = new AlertSpec.Condition(Type.FAILED_RECORDS, 10, 5.0, null, null);
        return Stream.of(
                Arguments.of("a failed run fires run-failed", rule(of(Type.RUN_FAILED), AlertSpec.Scope.ANY), "run.failed", run(null, 0, 0, "x"),
                        "holds sync=contacts"),
                Arguments.of("a succeeded run clears run-failed", rule(of(Type.RUN_FAILED), AlertSpec.Scope.ANY), "run.succeeded", run("acme", 5, 0, null),
                        "clears sync=contacts tenant=acme"),
                Arguments.of("a cancelled run says nothing", rule(of(Type.RUN_FAILED), AlertSpec.Scope.ANY), "run.cancelled", run(null, 0, 0, null), null),
                Arguments.of("another tenant is out of scope", rule(of(Type.RUN_FAILED), new AlertSpec.Scope(null, null, "acme")), "run.failed",
                        run("globex", 0, 0, "x"), null),
                Arguments.of("another sync is out of scope", rule(of(Type.RUN_FAILED), new AlertSpec.Scope("deals", null, null)), "run.failed",
                        run(null, 0, 0, "x"), null),
                Arguments.of("a connection scope matches the sync's source", rule(of(Type.RUN_FAILED), new AlertSpec.Scope(null, "crm", null)), "run.failed",
                        run(null, 0, 0, "x"), "holds sync=contacts"),
                Arguments.of("10 failed records reach count 10", rule(tenOrFivePercent, AlertSpec.Scope.ANY), "run.succeeded", run(null, 1000, 10, null),
                        "holds sync=contacts"),
                Arguments.of("5 of 100 reach 5 percent", rule(tenOrFivePercent, AlertSpec.Scope.ANY), "run.succeeded", run(null, 100, 5, null),
                        "holds sync=contacts"),
                Arguments.of("9 of 1000 clear failed-records", rule(tenOrFivePercent, AlertSpec.Scope.ANY), "run.succeeded", run(null, 1000, 9, null),
                        "clears sync=contacts"),
                Arguments.of("a run that gave up after its attempts exhausts retries", rule(of(Type.RETRIES_EXHAUSTED), AlertSpec.Scope.ANY), "run.failed",
                        run(null, 0, 0, "source failed: HTTP 503 after 5 attempts"), "holds sync=contacts"),
                Arguments.of("a run that failed otherwise does not", rule(of(Type.RETRIES_EXHAUSTED), AlertSpec.Scope.ANY), "run.failed",
                        run(null, 0, 0, "mapping failed"), null),
                Arguments.of("a dead letter after its attempts exhausts retries", rule(of(Type.RETRIES_EXHAUSTED), AlertSpec.Scope.ANY),
                        "record.dead_lettered", JSON.valueToTree(Map.of("runId", "r-1", "sync", "contacts", "recordKey", "7",
                                "reason", "HTTP 500 from POST /users after 3 attempts")), "holds sync=contacts"),
                Arguments.of("schema drift fires per stream", rule(of(Type.SCHEMA_DRIFT), AlertSpec.Scope.ANY), "schema.drifted",
                        JSON.readTree("{\"runId\":\"r\",\"sync\":\"contacts\",\"connection\":\"crm\",\"stream\":\"contacts\","
                                + "\"changes\":[{\"field\":\"phone\",\"change\":\"added\"}]}"), "holds sync=contacts connection=crm stream=contacts"),
                Arguments.of("needs_reauth fires per connection and tenant", rule(of(Type.CONNECTION_UNHEALTHY), AlertSpec.Scope.ANY),
                        "connection.needs_reauth", JSON.readTree("{\"connection\":\"crm\",\"tenant\":\"acme\",\"reason\":\"invalid_grant\"}"),
                        "holds connection=crm tenant=acme"),
                Arguments.of("an audit with differences fires per sync and tenant", rule(of(Type.AUDIT_DIFFERENCES), AlertSpec.Scope.ANY),
                        "audit.differences", JSON.readTree("{\"auditId\":\"aud_1\",\"sync\":\"contacts\",\"tenant\":\"acme\",\"missing\":1,"
                                + "\"extra\":0,\"mismatched\":2}"), "holds sync=contacts tenant=acme"),
                Arguments.of("an audit of another sync is out of scope", rule(of(Type.AUDIT_DIFFERENCES), new AlertSpec.Scope("deals", null, null)),
                        "audit.differences", JSON.readTree("{\"auditId\":\"aud_1\",\"sync\":\"contacts\",\"missing\":1}"), null),
                Arguments.of("a clock-decided condition ignores events", rule(new AlertSpec.Condition(Type.INBOX_LAG, null, null, null,
                        java.time.Duration.ofMinutes(5)), AlertSpec.Scope.ANY), "run.failed", run(null, 0, 0, "x"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheRuleFromTheEvent(String name, AlertSpec rule, String type, JsonNode data, String expected) {
        List<Verdict> verdicts = AlertConditions.on(rule, type, null, data, sync -> sync.equals("contacts") ? List.of("crm", "helpdesk") : List.of());
        if (expected == null) {
            assertThat(verdicts).isEmpty();
        } else {
            assertThat(verdicts).singleElement().extracting(v -> (v.holds() ? "holds " : "clears ") + v.subject().key()).isEqualTo(expected);
            assertThat(verdicts.getFirst().holds()).isEqualTo(verdicts.getFirst().summary() != null);
        }
    }
}
