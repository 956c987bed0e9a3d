package dev.junction.importer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which pagination a list endpoint gets from its parameters, answer fields and headers: a table of named cases. */
class PagingTest {
    private static Endpoint.Param param(String name, String defaultValue, Long max, Long min) {
        return new Endpoint.Param(name, false, "integer", defaultValue, max, min);
    }

    private static Endpoint endpoint(List<Endpoint.Param> query, Map<String, Shape> answer, boolean link) {
        Map<String, Shape> props = new LinkedHashMap<>(answer);
        props.put("data", Shape.array(Shape.object(Map.of("id", Shape.scalar("string", null)), null)));
        return new Endpoint("GET", "/things", null, null, query, List.of(), false, Shape.object(props, null), link, "GET /things");
    }

    static Stream<Arguments> cases() {
        Shape text = Shape.scalar("string", null);
        Shape url = Shape.scalar("string", "uri");
        Shape bool = Shape.scalar("boolean", null);
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("a Link header wins over page numbers",
                endpoint(List.of(param("page", null, null, null), param("per_page", "30", 100L, null)), Map.of(), true),
                "{type=link}", "{per_page=30}"));
        cases.add(Arguments.of("a cursor parameter with a next cursor and has_more",
                endpoint(List.of(param("starting_after", null, null, null), param("limit", null, 100L, 1L)),
                        Map.of("next_cursor", text, "has_more", bool), false),
                "{type=cursor, nextPath=$.next_cursor, param=starting_after, hasMorePath=$.has_more}", "{limit=100}"));
        cases.add(Arguments.of("Stripe's starting_after without a next cursor: the last record's key",
                endpoint(List.of(param("starting_after", null, null, null), param("limit", "10", 100L, 1L)), Map.of("has_more", bool), false),
                "{type=cursor, nextPath=$.data[-1].id, param=starting_after, hasMorePath=$.has_more}", "{limit=10}"));
        cases.add(Arguments.of("a nested next cursor (paging.next.after)",
                endpoint(List.of(param("after", null, null, null)),
                        Map.of("paging", Shape.object(Map.of("next", Shape.object(Map.of("after", text), null)), null)), false),
                "{type=cursor, nextPath=$.paging.next.after, param=after}", "{}"));
        cases.add(Arguments.of("a next URL wins over page numbers",
                endpoint(List.of(param("page", null, null, null)), Map.of("next", url), false),
                "{type=next-url, nextPath=$.next}", "{}"));
        cases.add(Arguments.of("page numbers from 0 with a capped size",
                endpoint(List.of(param("pageNumber", null, null, 0L), param("pageSize", null, 50L, null)), Map.of(), false),
                "{type=page, param=pageNumber, start=0, sizeParam=pageSize, size=50}", "{}"));
        cases.add(Arguments.of("offset and limit",
                endpoint(List.of(param("skip", null, null, null), param("top", "25", null, null)), Map.of("total", text), false),
                "{type=offset, offsetParam=skip, limitParam=top, limit=25, stopOn=empty}", "{}"));
        cases.add(Arguments.of("a cursor parameter without a next cursor: none, for a human",
                endpoint(List.of(param("cursor", null, null, null)), Map.of(), false), "null", "{}"));
        cases.add(Arguments.of("a page size alone: the first page only",
                endpoint(List.of(param("limit", null, null, null)), Map.of(), false), "null", "{limit=100}"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesPagination(String name, Endpoint endpoint, String pagination, String query) {
        Paging.Decision decision = Paging.decide(endpoint, "things", "$.data", "id");

        assertThat(String.valueOf(decision.pagination())).isEqualTo(pagination);
        assertThat(decision.query().toString()).isEqualTo(query);
        assertThat(decision.pagination() == null ? decision.needsHuman() : decision.guessed()).hasSize(1);
    }
}
