package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mapper hands JSONata read-only views of the record instead of copies; every expression must
 * give what the library gives on a plain copy of the same record (the reference: Jackson's
 * {@code convertValue}).
 */
class JsonataExpressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = """
            {"a":1,"s":"x","n":null,"items":[{"x":3,"k":"b"},{"x":1,"k":"a"},{"x":2,"k":"a"}],
             "o":{"p":{"q":[1,2,[3,4]]}},"nums":[3,1,2],"big":12345678901234,"f":1.5}""";

    @ParameterizedTest
    @ValueSource(strings = {
        "$sort(nums)", "$sort(items, function($l, $r) { $l.x > $r.x })", "$append(nums, 9)", "$reverse(nums)", "$distinct(items.k)",
        "$merge([o, {'z': 1}])", "$spread(o)", "$ ~> |items|{'y': 1}|", "$ ~> |o.p|{'r': 2}, ['q']|", "items^(x)", "items{k: $sum(x)}",
        "items[x > 1]", "$keys($)", "$lookup($, 'a')", "$sift($, function($v) { $v })", "$zip(nums, nums)", "$string($)", "*", "**.q",
        "o.p.q", "$exists(n)", "$type(n)", "items.x", "$map(nums, function($v) { $v * 2 })", "$reduce(nums, function($p, $c) { $p + $c })",
        "$single(items[x = 3]).k", "[items, nums]", "$keys(items)", "items[-1].x", "$$.a", "nums[[0..1]]", "big + 1", "f * 2", "$", "o"})
    void givesWhatTheLibraryGivesOnAPlainCopy(String expression) throws Exception {
        JsonNode record = JSON.readTree(RECORD);
        Mapper mapper = Mapper.compile(List.of(new FieldMapping("out", new FieldMapping.Expression(expression), SourceLocation.unknown("test"))));

        Object reference = Jsonata.jsonata(expression).evaluate(JSON.convertValue(record, Object.class));

        assertThat(mapper.map(record).get("out")).isEqualTo(JSON.readTree(JSON.writeValueAsString(reference)));
    }
}
