package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code lookup} field shape as loaded from YAML, and the exact problems for mistakes in it. */
class SpecLoaderLookupTest {
    private static final String HEAD = """
            kind: Sync
            name: s1
            source: { connection: crm, stream: contacts }
            destination: { connection: helpdesk, action: upsertUsers, key: id }
            mapping:
              id: id
            """;

    @Test
    void readsALookupWithAConditionIntoTypedRecords() {
        LoadResult result = load(HEAD + """
                  owner_id: { lookup: { stream: agents, match: email, value: properties.owner_email, select: id } }
                  backup_id: { lookup: { stream: agents, match: email, value: properties.backup, select: id }, when: { path: vip, equals: true } }
                """);

        assertThat(result.problems()).isEmpty();
        FieldMapping.StreamLookup owner = new FieldMapping.StreamLookup("agents", "email", "properties.owner_email", "id");
        assertThat(result.syncs().get("s1").mapping()).extracting(FieldMapping::value).containsExactly(
                new FieldMapping.Path("id"),
                owner,
                new FieldMapping.Pipeline(new FieldMapping.StreamLookup("agents", "email", "properties.backup", "id"), List.of(), null, false, null,
                        new FieldMapping.Equals("vip", true)));
    }

    @Test
    void reportsMissingKeysBadPathsUnknownKeysAndASecondSource() {
        LoadResult result = load(HEAD + """
                  a: { lookup: { stream: agents, match: email, value: "x[", selct: id } }
                  b: { lookup: { stream: agents, match: email, value: e, select: id }, from: email }
                  c: { lookup: agents }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:7:8 mapping.a.lookup: missing required key 'select'",
                "case.yaml:7:55 mapping.a.lookup.value: invalid source path 'x[': '[' at position 2 is never closed",
                "case.yaml:7:61 mapping.a.lookup.selct: unknown key; did you mean 'select'? (allowed: stream, match, value, select)",
                "case.yaml:8:8 mapping.b.lookup: cannot be combined with 'from': a field has one source",
                "case.yaml:9:16 mapping.c.lookup: expected a mapping, found 'agents'");
    }

    private LoadResult load(String yaml) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", yaml));
        return new SpecLoader().loadTexts(texts);
    }
}
