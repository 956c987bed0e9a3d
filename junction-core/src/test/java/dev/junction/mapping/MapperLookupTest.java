package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookup fields resolve a destination value through a table of destination records, exactly one match or a row error. */
class MapperLookupTest {
    private static final FieldMapping.StreamLookup OWNER = new FieldMapping.StreamLookup("agents", "email", "properties.owner_email", "id");
    private final ObjectMapper json = new ObjectMapper();

    private LookupTable agents(String... records) {
        LookupTable table = new LookupTable(OWNER, 10);
        for (String record : records) {
            table.add(read(record));
        }
        return table;
    }

    private Mapper mapper(FieldMapping.Value value, LookupTable... tables) {
        return Mapper.compile(List.of(new FieldMapping("owner_id", value, SourceLocation.unknown("test"))))
                .withLookups(LookupTables.of(List.of(tables)));
    }

    @Test
    void resolvesTheSelectedValueOfTheOneMatchingRecord() {
        Mapper mapper = mapper(OWNER, agents("{\"id\":\"a-01\",\"email\":\"ann@acme.example\"}", "{\"id\":\"a-02\",\"email\":\"bob@acme.example\"}"));

        assertThat(mapper.map(read("{\"properties\":{\"owner_email\":\"bob@acme.example\"}}"))).isEqualTo(read("{\"owner_id\":\"a-02\"}"));
    }

    @Test
    void noMatchingRecordIsARowErrorNamingTheValue() {
        Mapper mapper = mapper(OWNER, agents("{\"id\":\"a-01\",\"email\":\"ann@acme.example\"}"));

        assertThatThrownBy(() -> mapper.map(read("{\"properties\":{\"owner_email\":\"eve@acme.example\"}}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'owner_id': no agents record has email 'eve@acme.example' (from 'properties.owner_email')");
    }

    @Test
    void severalMatchingRecordsAreARowErrorNeverASilentPick() {
        Mapper mapper = mapper(OWNER, agents("{\"id\":\"a-01\",\"email\":\"ann@acme.example\"}", "{\"id\":\"a-07\",\"email\":\"ann@acme.example\"}"));

        assertThatThrownBy(() -> mapper.map(read("{\"properties\":{\"owner_email\":\"ann@acme.example\"}}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'owner_id': 2 agents records have email 'ann@acme.example' (id: \"a-01\", \"a-07\"); a lookup must match exactly one");
    }

    @Test
    void aMatchingRecordWithoutTheSelectedFieldIsARowError() {
        Mapper mapper = mapper(OWNER, agents("{\"email\":\"ann@acme.example\"}"));

        assertThatThrownBy(() -> mapper.map(read("{\"properties\":{\"owner_email\":\"ann@acme.example\"}}")))
                .hasMessage("field 'owner_id': the agents record with email 'ann@acme.example' has no id");
    }

    @Test
    void anAbsentSourceValueLeavesTheTargetOutAndANullStaysNull() {
        Mapper mapper = mapper(OWNER, agents("{\"id\":\"a-01\",\"email\":\"ann@acme.example\"}"));

        assertThat(mapper.map(read("{\"properties\":{}}"))).isEqualTo(read("{}"));
        assertThat(mapper.map(read("{\"properties\":{\"owner_email\":null}}"))).isEqualTo(read("{\"owner_id\":null}"));
    }

    @Test
    void numbersMatchByValue() {
        FieldMapping.StreamLookup byNumber = new FieldMapping.StreamLookup("agents", "number", "n", "id");
        LookupTable table = new LookupTable(byNumber, 10);
        table.add(read("{\"id\":\"a-02\",\"number\":2}"));

        assertThat(mapper(byNumber, table).map(read("{\"n\":2.0}"))).isEqualTo(read("{\"owner_id\":\"a-02\"}"));
    }

    @Test
    void resolvesInsideEachWithTheSameTables() {
        FieldMapping.Each each = new FieldMapping.Each("owners", new FieldMapping.ObjectValue(List.of(
                new FieldMapping("id", new FieldMapping.StreamLookup("agents", "email", "email", "id"), SourceLocation.unknown("test")))));
        LookupTable table = new LookupTable(new FieldMapping.StreamLookup("agents", "email", "email", "id"), 10);
        table.add(read("{\"id\":\"a-01\",\"email\":\"ann@acme.example\"}"));

        assertThat(mapper(each, table).map(read("{\"owners\":[{\"email\":\"ann@acme.example\"}]}")))
                .isEqualTo(read("{\"owner_id\":[{\"id\":\"a-01\"}]}"));
        assertThat(LookupTables.required(List.of(new FieldMapping("x", each, SourceLocation.unknown("test")))))
                .containsExactly(new FieldMapping.StreamLookup("agents", "email", "email", "id"));
    }

    @Test
    void withoutTablesALookupFieldIsARowErrorSayingWhy() {
        Mapper mapper = Mapper.compile(List.of(new FieldMapping("owner_id", OWNER, SourceLocation.unknown("test"))));

        assertThatThrownBy(() -> mapper.map(read("{\"properties\":{\"owner_email\":\"ann@acme.example\"}}")))
                .hasMessage("field 'owner_id': lookup in stream 'agents' has no table: the stream was not read (a run or map preview reads it first)");
    }

    @Test
    void aTableRefusesOneRecordPastItsLimit() {
        LookupTable table = new LookupTable(OWNER, 2);
        table.add(read("{\"id\":\"a-01\",\"email\":\"a@x\"}"));
        table.add(read("{\"id\":\"a-02\",\"email\":\"b@x\"}"));

        assertThatThrownBy(() -> table.add(read("{\"id\":\"a-03\",\"email\":\"c@x\"}")))
                .isInstanceOf(LookupTable.LookupTooLargeException.class)
                .hasMessage("lookup stream 'agents' has more than 2 records; a lookup table holds at most 2 (narrow the stream or raise the limit)");
        assertThat(table.size()).isEqualTo(3);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
