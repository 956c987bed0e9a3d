package dev.junction.server.testing;

import dev.junction.server.Guard;
import dev.junction.server.JunctionServer;
import dev.junction.server.Problem;
import dev.junction.server.Route;
import dev.junction.server.Scope;
import dev.junction.server.ServedRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Checks every route a running server serves — as its router lists them, so routes added later (or
 * straight to Javalin) are covered without naming them — against its declared guard, over HTTP:
 *
 * <ul>
 *   <li>every route declares a guard, and only {@code /health/*} is public;
 *   <li>token routes: no token → 401 with {@code WWW-Authenticate: Bearer}; a viewer token on a mutating
 *       route → 403; a tenant-A token on a mutating global route or any operator route → 403; a
 *       tenant-A token against tenant B's object → 404 with none of B's {@link ForeignObjects#markers}
 *       in the body; a tenant-A token's list of a {@code tenantFromQuery} route, without the filter,
 *       holds none of them either;
 *   <li>webhook and connect-session routes refuse a request without credentials;
 *   <li>every refusal is {@code application/problem+json}.
 * </ul>
 *
 * Over a full server, in a test: start it with the real token service and store, create tenant B's
 * objects, make a viewer token and an admin token of tenant A, then
 * {@code assertThat(new GuardChecker(server, tokens, foreign).check()).isEmpty()}.
 */
public final class GuardChecker {
    /** An operator viewer token, and an admin token of tenant A (not tenant B). */
    public record Tokens(String viewer, String tenantAdmin) {
        public Tokens {
            Objects.requireNonNull(viewer, "viewer");
            Objects.requireNonNull(tenantAdmin, "tenantAdmin");
        }
    }

    private static final String PROBE = "probe-1";
    private final JunctionServer server;
    private final Tokens tokens;
    private final ForeignObjects foreign;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public GuardChecker(JunctionServer server, Tokens tokens, ForeignObjects foreign) {
        this.server = server;
        this.tokens = tokens;
        this.foreign = foreign;
    }

    /** Every violation found; empty when every route refuses what it should. */
    public List<Violation> check() {
        List<Violation> violations = new ArrayList<>();
        for (ServedRoute served : server.servedRoutes()) {
            if (served.declaration().isEmpty()) {
                violations.add(new Violation(served.label(), "declares no guard (was it added to Javalin directly? declare it in an ApiModule)", 0, null));
                continue;
            }
            Route route = served.declared();
            switch (route.guard()) {
                case Guard.PublicHealth p -> {
                    if (!route.path().startsWith("/health/")) {
                        violations.add(new Violation(route.label(), "is public outside /health/*", 0, null));
                    }
                }
                case Guard.ConsolePublic c -> {
                    if (!Guard.ConsolePublic.allows(route.path())) {
                        violations.add(new Violation(route.label(), "is console-public outside " + Guard.CONSOLE_PUBLIC_PATHS, 0, null));
                    }
                }
                case Guard.MetricsScrape m -> checkScrape(route, violations);
                case Guard.Token t -> checkToken(route, t, violations);
                case Guard.WebhookSignature w -> expectRefusal(route, send(route, Map.of(), Map.of(), "{}", null), "a webhook without a signature is refused", violations);
                case Guard.ConnectSession c -> expectRefusal(route, send(route, Map.of(), Map.of(), "{}", null), "a request without a connect session is refused", violations);
            }
        }
        return violations;
    }

    /**
     * A scrape route: the checker calls from loopback, so when the server lets loopback scrape without a
     * token there is nothing to refuse; otherwise it is refused as an operator token route is.
     */
    private void checkScrape(Route route, List<Violation> violations) {
        boolean loopbackAllowed = server.config().metrics().allowFrom().stream()
                .anyMatch(network -> network.contains(java.net.InetAddress.getLoopbackAddress()));
        if (!loopbackAllowed) {
            checkToken(route, Guard.METRICS_TOKEN, violations);
        }
    }

    private void checkToken(Route route, Guard.Token guard, List<Violation> violations) {
        HttpResponse<String> anonymous = send(route, Map.of(), Map.of(), "{}", null);
        if (anonymous.statusCode() != 401 || !anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer") || !isProblem(anonymous)) {
            violations.add(violation(route, "no token → 401 problem+json with WWW-Authenticate: Bearer", anonymous));
        }
        if (route.mutating()) {
            expect(route, send(route, Map.of(), Map.of(), "{}", tokens.viewer()), 403, "a viewer token on a mutating route → 403", violations);
        }
        switch (guard.scope()) {
            case Scope.Operator o -> expect(route, send(route, Map.of(), Map.of(), "{}", tokens.tenantAdmin()), 403,
                    "a tenant token on an operator route → 403", violations);
            case Scope.Global g -> {
                if (route.mutating()) {
                    expect(route, send(route, Map.of(), Map.of(), "{}", tokens.tenantAdmin()), 403,
                            "a tenant token on a mutating global route → 403", violations);
                }
            }
            default -> checkForeign(route, violations);
        }
    }

    private void checkForeign(Route route, List<Violation> violations) {
        ForeignObjects.Result made = foreign.requestFor(route);
        if (made.request().isEmpty()) {
            violations.add(new Violation(route.label(), "cannot address a tenant-B object: " + made.missing(), 0, null));
            return;
        }
        ForeignRequest request = made.request().get();
        HttpResponse<String> answer = send(route, request.pathParams(), request.query(), request.jsonBody(), tokens.tenantAdmin());
        String expectation = "a tenant-A token on tenant " + foreign.tenant() + "'s object → 404 problem+json with nothing of " + foreign.tenant();
        if (answer.statusCode() != 404 || !isProblem(answer)) {
            violations.add(violation(route, expectation, answer));
            return;
        }
        List<String> leaked = leaked(answer);
        if (!leaked.isEmpty()) {
            violations.add(violation(route, expectation + " (the body holds " + String.join(", ", leaked) + ")", answer));
        }
        if (route.method().equals("GET") && ((Guard.Token) route.guard()).scope() instanceof Scope.TenantRequested r && r.source() == Scope.Source.QUERY) {
            // without the filter a tenant token's list is its own tenant's: the handler must filter by ApiRequest.tenant()
            HttpResponse<String> unfiltered = send(route, request.pathParams(), Map.of(), null, tokens.tenantAdmin());
            List<String> inList = leaked(unfiltered);
            if (unfiltered.statusCode() >= 500 || !inList.isEmpty()) {
                violations.add(violation(route, "a tenant-A token's unfiltered list holds nothing of " + foreign.tenant()
                        + (inList.isEmpty() ? "" : " (the body holds " + String.join(", ", inList) + ")"), unfiltered));
            }
        }
    }

    private List<String> leaked(HttpResponse<String> answer) {
        return foreign.markers().stream().filter(answer.body()::contains).sorted().toList();
    }

    private void expect(Route route, HttpResponse<String> answer, int status, String expectation, List<Violation> violations) {
        if (answer.statusCode() != status || !isProblem(answer)) {
            violations.add(violation(route, expectation, answer));
        }
    }

    private void expectRefusal(Route route, HttpResponse<String> answer, String expectation, List<Violation> violations) {
        if (answer.statusCode() < 400 || !isProblem(answer)) {
            violations.add(violation(route, expectation + " with problem+json", answer));
        }
    }

    private static Violation violation(Route route, String expectation, HttpResponse<String> answer) {
        return new Violation(route.label(), expectation, answer.statusCode(), answer.body());
    }

    private static boolean isProblem(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE);
    }

    private HttpResponse<String> send(Route route, Map<String, String> pathParams, Map<String, String> query, String jsonBody, String token) {
        String path = RoutePaths.fill(route.path(), pathParams, PROBE);
        String queryString = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(server.baseUrl() + path + (queryString.isEmpty() ? "" : "?" + queryString));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (route.mutating() || route.operation().hasBody()) {
            String contentType = route.operation().bodyType() == null && !route.operation().textMediaTypes().isEmpty()
                    ? route.operation().textMediaTypes().get(0) : "application/json";
            request.header("Content-Type", contentType).method(route.method(), HttpRequest.BodyPublishers.ofString(jsonBody == null ? "{}" : jsonBody));
        } else {
            request.method(route.method(), HttpRequest.BodyPublishers.noBody());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not call " + route.label() + " at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + route.label(), e);
        }
    }
}
