package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An action's {@code results:}, and its {@code matchBy} (results matched to records by a value, in any order). */
class SpecLoaderResultsTest {
    private static LoadResult load(String results) {
        return new SpecLoader().loadTexts(List.of(new SourceText("crm.yaml", """
                kind: Connector
                name: crm
                baseUrl: http://127.0.0.1:1
                actions:
                  upsert:
                    request: { path: /batch/upsert, body: "{ 'inputs': $records }" }
                    batch: { maxRecords: 100 }
                    results:
                %s
                """.formatted(results.indent(6).stripTrailing()))));
    }

    private static List<String> problems(LoadResult result) {
        return result.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void readsMatchByAndKeepsTrueAsTheTextOfAJsonBoolean() {
        LoadResult result = load("""
                perRecord: "$.results"
                matchBy: { result: objectWriteTraceId, record: "$.objectWriteTraceId" }
                statusPath: new
                insertedValues: [True, 1]""");

        assertThat(result.problems()).isEmpty();
        ActionSpec.ResultsSpec results = result.connectors().get("crm").actions().get("upsert").results();
        assertThat(results.matchBy()).isEqualTo(new ActionSpec.MatchBy("objectWriteTraceId", "$.objectWriteTraceId"));
        assertThat(results.insertedValues()).containsExactly("true", "1");
    }

    @Test
    void resultsWithoutMatchByAreInInputOrder() {
        LoadResult result = load("{ perRecord: \"$.results\", statusPath: status, insertedValues: created }");

        assertThat(result.problems()).isEmpty();
        assertThat(result.connectors().get("crm").actions().get("upsert").results())
                .isEqualTo(new ActionSpec.ResultsSpec("$.results", null, "status", List.of("created")));
    }

    @Test
    void matchByOnAnActionWithoutBatchLoads() {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("crm.yaml", """
                kind: Connector
                name: crm
                baseUrl: http://127.0.0.1:1
                actions:
                  create:
                    request: { path: /contacts, body: "$record" }
                    results: { perRecord: "$.results", matchBy: { result: ref, record: ref } }
                """)));

        assertThat(result.problems()).isEmpty();
        assertThat(result.connectors().get("crm").actions().get("create").results().matchBy()).isEqualTo(new ActionSpec.MatchBy("ref", "ref"));
    }

    @Test
    void matchByNeedsBothPaths() {
        assertThat(problems(load("{ perRecord: \"$.results\", matchBy: { result: objectWriteTraceId } }"))).containsExactly(
                "crm.yaml:9:33 actions.upsert.results.matchBy: missing required key 'record'");
        assertThat(problems(load("{ perRecord: \"$.results\", matchBy: {} }"))).containsExactly(
                "crm.yaml:9:33 actions.upsert.results.matchBy: missing required key 'result'",
                "crm.yaml:9:33 actions.upsert.results.matchBy: missing required key 'record'");
    }

    @Test
    void matchByTakesAMappingOfTwoJsonPaths() {
        assertThat(problems(load("{ perRecord: \"$.results\", matchBy: objectWriteTraceId }"))).containsExactly(
                "crm.yaml:9:42 actions.upsert.results.matchBy: expected { result: PATH, record: PATH } (a JSON path inside a result item and one"
                        + " inside the record, such as { result: objectWriteTraceId, record: objectWriteTraceId }), found 'objectWriteTraceId'");
        assertThat(problems(load("{ perRecord: \"$.results\", matchBy: { result: \"a..b\", record: \"$[\" } }"))).containsExactly(
                "crm.yaml:9:52 actions.upsert.results.matchBy.result: invalid JSON path 'a..b': empty key at position 3",
                "crm.yaml:9:68 actions.upsert.results.matchBy.record: invalid JSON path '$[': '[' at position 2 is never closed");
        assertThat(problems(load("{ perRecord: \"$.results\", matchBy: { result: id, records: id } }"))).containsExactly(
                "crm.yaml:9:33 actions.upsert.results.matchBy: missing required key 'record'",
                "crm.yaml:9:56 actions.upsert.results.matchBy.records: unknown key; did you mean 'record'? (allowed: result, record)");
    }

    @Test
    void matchByNeedsPerRecord() {
        assertThat(problems(load("{ matchBy: { result: id, record: id }, statusPath: new }"))).containsExactly(
                "crm.yaml:8:5 actions.upsert.results: missing required key 'perRecord' (matchBy matches the items of the perRecord array to the records)");
    }

    @Test
    void anUnknownResultsKeyIsStillReportedWithMatchByAmongTheAllowed() {
        assertThat(problems(load("{ perRecord: \"$.results\", matchby: { result: id, record: id } }"))).containsExactly(
                "crm.yaml:9:33 actions.upsert.results.matchby: unknown key; did you mean 'matchBy'?"
                        + " (allowed: perRecord, errorPath, statusPath, insertedValues, matchBy)");
    }
}
