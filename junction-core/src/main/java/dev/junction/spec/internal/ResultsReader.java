package dev.junction.spec.internal;

import dev.junction.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An action's {@code results:}: where its per-record results are, what in an item says the record
 * failed or was created, and, with {@code matchBy}, which record an item belongs to.
 */
final class ResultsReader {
    private ResultsReader() {}

    /** Null when {@code results} is absent or not a mapping (reported). */
    static ActionSpec.ResultsSpec read(Fields action) {
        Fields r = action.has("results") ? action.fields("results", false) : null;
        if (r == null) {
            return null;
        }
        r.allow(Schema.RESULTS);
        String perRecord;
        if (!r.has("perRecord") && r.has("matchBy")) {
            r.missing("perRecord", " (matchBy matches the items of the perRecord array to the records)");
            perRecord = null;
        } else {
            perRecord = r.jsonPath("perRecord", true);
        }
        return new ActionSpec.ResultsSpec(perRecord, r.jsonPath("errorPath", false), r.jsonPath("statusPath", false), insertedValues(r),
                matchBy(r));
    }

    private static ActionSpec.MatchBy matchBy(Fields r) {
        YamlNode node = r.node("matchBy");
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Mapping)) {
            r.problem("matchBy", "expected { result: PATH, record: PATH } (a JSON path inside a result item and one inside the record,"
                    + " such as { result: objectWriteTraceId, record: objectWriteTraceId }), found " + node.describe());
            return null;
        }
        Fields m = r.fields("matchBy", false).allow(Schema.RESULTS_MATCH_BY);
        String result = m.jsonPath("result", true);
        String record = m.jsonPath("record", true);
        return result == null || record == null ? null : new ActionSpec.MatchBy(result, record);
    }

    /**
     * A list of values (a single value is a list of one); empty when absent. {@code true} and
     * {@code false} are kept as the text a JSON boolean has, however they are capitalized.
     */
    private static List<String> insertedValues(Fields r) {
        YamlNode node = r.node("insertedValues");
        List<YamlNode> items = node instanceof YamlNode.Sequence list ? list.items() : node == null ? List.of() : List.of(node);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String text = Fields.text(item, r.child("insertedValues") + (node instanceof YamlNode.Sequence ? "[" + i + "]" : ""), r.problems());
            if (text != null) {
                out.add(item instanceof YamlNode.Scalar s && s.value() instanceof Boolean b ? b.toString() : text);
            }
        }
        return List.copyOf(out);
    }
}
