package dev.junction.bench;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code = expression} mapping field through our {@link Mapper} (Jackson record in, Jackson
 * object out, with the per-record time and depth limit) against the JSONata library called
 * directly on the same record and expression: on the record already in the library's own input
 * form (plain maps; the library's own cost), the same with the library's own per-call limits
 * ({@code Frame.setRuntimeBounds}, the same 1s / 200), without the library's input check (our
 * mapper skips it: its input is a Jackson tree, JSON by construction), and converting from Jackson with
 * {@code ObjectMapper.convertValue}, as hand-written glue would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonataMappingBenchmark {
    static final String EXPRESSION = "properties.firstname & ' ' & properties.lastname";

    private final ObjectMapper json = new ObjectMapper();
    private JsonNode contact;
    private Map<?, ?> contactAsMap;
    private Jsonata jsonata;
    private Jsonata jsonataUnvalidated;
    private Mapper mapper;

    @Setup
    public void setUp() throws Exception {
        contact = json.readTree(MappingBenchmark.CONTACT);
        contactAsMap = json.convertValue(contact, Map.class);
        jsonata = Jsonata.jsonata(EXPRESSION);
        jsonataUnvalidated = Jsonata.jsonata(EXPRESSION);
        jsonataUnvalidated.setValidateInput(false);
        mapper = Mapper.compile(List.of(new FieldMapping("full_name", new FieldMapping.Expression(EXPRESSION), SourceLocation.unknown("bench"))));
    }

    @Benchmark
    public ObjectNode mapperWithExpression() {
        return mapper.map(contact);
    }

    @Benchmark
    public Object jsonataDirectOnMaps() {
        return jsonata.evaluate(contactAsMap);
    }

    /** The library on plain maps without its input check (a walk over the whole record per call). */
    @Benchmark
    public Object jsonataDirectOnMapsUnvalidated() {
        return jsonataUnvalidated.evaluate(contactAsMap);
    }

    @Benchmark
    public Object jsonataDirectOnMapsWithLimits() {
        Jsonata.Frame frame = jsonata.createFrame();
        frame.setRuntimeBounds(1_000, 200);
        return jsonata.evaluate(contactAsMap, frame);
    }

    @Benchmark
    public Object jsonataDirectFromJackson() {
        return jsonata.evaluate(json.convertValue(contact, Map.class));
    }
}
