package dev.junction.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every paginator terminates, whatever the server answers: for arbitrary page sequences (cursors
 * that point back to earlier pages, servers that ignore offsets and page numbers and repeat
 * themselves, pages of any size), a read ends within maxPages, either at the end or with the
 * pagination_loop / max_pages error. The peer is a real in-process HTTP server.
 */
class PaginationTerminationPropertyTest {
    private static final int MAX_PAGES = 12;
    private static HttpServer server;
    private static final AtomicReference<Scenario> CURRENT = new AtomicReference<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    /**
     * @param next per page, the index of the page its cursor points to, or -1 for none
     * @param sizes per page, how many records it has
     */
    record Scenario(String type, List<Integer> next, List<Integer> sizes) {}

    @BeforeContainer
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/items", PaginationTerminationPropertyTest::serve);
        server.start();
    }

    @AfterContainer
    static void stopServer() {
        server.stop(0);
    }

    /** Cursor type: the page named by the cursor ("p3"), page 0 without one. Other types: the n-th request gets page min(n, last). */
    private static void serve(HttpExchange exchange) throws IOException {
        Scenario scenario = CURRENT.get();
        int request = REQUESTS.getAndIncrement();
        String query = exchange.getRequestURI().getQuery();
        int index;
        if (scenario.type().equals("cursor")) {
            index = query != null && query.contains("after=p") ? Integer.parseInt(query.replaceAll(".*after=p(\\d+).*", "$1")) : 0;
        } else {
            index = Math.min(request, scenario.sizes().size() - 1);
        }
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < scenario.sizes().get(index); i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(index).append('-').append(i).append("\"}");
        }
        int next = scenario.next().get(index);
        body.append("],\"next\":").append(next < 0 ? "null" : "\"p" + next + "\"").append('}');
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<String> types = Arbitraries.of("cursor", "offset-short", "offset-empty", "page", "page-short");
        return Arbitraries.integers().between(1, 16).flatMap(pages -> Combinators.combine(types,
                        Arbitraries.integers().between(-1, pages - 1).list().ofSize(pages),
                        Arbitraries.integers().between(0, 3).list().ofSize(pages))
                .as(Scenario::new));
    }

    private static PaginationSpec pagination(String type) {
        return switch (type) {
            case "cursor" -> new PaginationSpec.Cursor("$.next", "after");
            case "offset-short" -> new PaginationSpec.Offset("offset", "limit", 3);
            case "offset-empty" -> new PaginationSpec.Offset("offset", "limit", 3, PaginationSpec.StopOn.EMPTY, null, null);
            case "page" -> new PaginationSpec.Page("page", 1, null, 0);
            default -> new PaginationSpec.Page("page", 1, "size", 3, PaginationSpec.StopOn.SHORT, null, null);
        };
    }

    @Property(tries = 300)
    void everyReadEndsWithinMaxPagesAtTheEndOrWithTheLoopError(@ForAll("scenarios") Scenario scenario) {
        CURRENT.set(scenario);
        REQUESTS.set(0);
        var stream = new StreamSpec("items", new RequestSpec("GET", "/items", Map.of(), Map.of(), null), "$.items", "id",
                pagination(scenario.type()), null, MAX_PAGES);
        var connector = Specs.connector("http://127.0.0.1:" + server.getAddress().getPort(), new AuthSpec.None(), Map.of("items", stream), Map.of());
        var connection = Specs.connection(Map.of(), Map.of());
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        List<String> ids = new ArrayList<>();
        String error = null;
        int pages;
        try (var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(Map.<String, String>of()::get), options)) {
            PageReader reader = client.readStream("items", ReadOptions.full(new CallContext("run-1", null, null, List.of(), true)));
            try {
                reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.get("id").asText())));
            } catch (ApiException e) {
                error = e.error().code();
                assertThat(e.getMessage()).startsWith("stream 'items': ");
            }
            pages = reader.pagesRead();
        } catch (UncheckedIOException e) {
            throw e;
        }

        assertThat(pages).isLessThanOrEqualTo(MAX_PAGES);
        assertThat(REQUESTS.get()).isLessThanOrEqualTo(MAX_PAGES);
        assertThat(error).isIn(null, "pagination_loop", "max_pages");
        if (scenario.type().equals("cursor")) {
            assertThat(error).as("how a cursor read ends").isEqualTo(expectedCursorEnd(scenario));
        }
        if (error == null) {
            assertThat(ids).doesNotHaveDuplicates();
        }
    }

    /**
     * How a cursor read must end, worked out independently: null at a page without a cursor,
     * pagination_loop at a repeated cursor or a page identical to the one before, max_pages when
     * more than MAX_PAGES pages would be needed.
     */
    private static String expectedCursorEnd(Scenario scenario) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        String previous = null;
        int page = 0;
        for (int number = 1; ; number++) {
            if (number > MAX_PAGES) {
                return "max_pages";
            }
            String body = scenario.sizes().get(page) == 0 ? "empty->" + scenario.next().get(page) : "page " + page;
            if (body.equals(previous)) {
                return "pagination_loop";
            }
            int next = scenario.next().get(page);
            if (next < 0) {
                return null;
            }
            if (!seen.add(next)) {
                return "pagination_loop";
            }
            previous = body;
            page = next;
        }
    }
}
