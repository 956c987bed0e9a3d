package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.util.ArrayList;
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
 * Declarative mapping (10 renamed fields + a value map) against the same work written by hand
 * with Jackson: the baseline, measured in the same run. Reports records per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MappingBenchmark {
    private static final Map<String, Integer> TIERS = Map.of("gold", 1, "silver", 2, "bronze", 3);
    static final String CONTACT = """
            {"id":"c-00001","properties":{"email":"ada@example.com","firstname":"Ada","lastname":"Lovelace",
             "phone":"+1-555-0100","tier":"gold","owner_email":"o@example.com","city":"London","country":"UK"},
             "company":{"id":"co-1","name":"Analytical Engines"},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-02T00:00:00Z"}
            """;

    private final ObjectMapper json = new ObjectMapper();
    private JsonNode contact;
    private Mapper mapper;

    @Setup
    public void setUp() throws Exception {
        contact = json.readTree(CONTACT);
        List<FieldMapping> lines = new ArrayList<>();
        String[][] renames = {
            {"external_id", "id"}, {"email", "properties.email"}, {"profile.first_name", "properties.firstname"},
            {"profile.last_name", "properties.lastname"}, {"profile.phone", "properties.phone"}, {"profile.city", "properties.city"},
            {"profile.country", "properties.country"}, {"company", "company.name"}, {"owner", "properties.owner_email"},
            {"updated_at", "updatedAt"}};
        for (String[] r : renames) {
            lines.add(new FieldMapping(r[0], new FieldMapping.Path(r[1]), SourceLocation.unknown("bench")));
        }
        lines.add(new FieldMapping("priority", new FieldMapping.ValueMap("properties.tier", Map.copyOf(TIERS), true, 3), SourceLocation.unknown("bench")));
        mapper = Mapper.compile(lines, json);
    }

    @Benchmark
    public ObjectNode declarativeMapping() {
        return mapper.map(contact);
    }

    @Benchmark
    public ObjectNode handWrittenJackson() {
        JsonNode p = contact.path("properties");
        ObjectNode out = json.createObjectNode();
        out.set("external_id", contact.path("id"));
        out.set("email", p.path("email"));
        ObjectNode profile = out.putObject("profile");
        profile.set("first_name", p.path("firstname"));
        profile.set("last_name", p.path("lastname"));
        profile.set("phone", p.path("phone"));
        profile.set("city", p.path("city"));
        profile.set("country", p.path("country"));
        out.set("company", contact.path("company").path("name"));
        out.set("owner", p.path("owner_email"));
        out.set("updated_at", contact.path("updatedAt"));
        Integer priority = TIERS.get(p.path("tier").asText());
        out.put("priority", priority == null ? 3 : priority);
        return out;
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
