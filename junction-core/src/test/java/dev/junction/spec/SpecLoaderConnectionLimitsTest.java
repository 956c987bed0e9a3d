package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection's own {@code rateLimit}, {@code retry}, {@code timeouts} and {@code exchangeLog}:
 * read (and checked, at their line) like the connector's, and each replaces the connector's block.
 */
class SpecLoaderConnectionLimitsTest {
    private final SpecLoader loader = new SpecLoader();

    /** The valid fixtures (connector acme-crm declares 100 per 10s) plus a second connection of acme-crm. */
    private LoadResult load(String extra) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Connection
                name: crm-big
                connector: acme-crm
                tenant: big-customer
                config: { baseUrl: "http://127.0.0.1:9" }
                secrets: { token: "${env:BIG_TOKEN}" }
                """ + extra));
        return loader.loadTexts(texts);
    }

    @Test
    void aConnectionsBlocksReplaceItsConnectorsAndOtherConnectionsKeepTheConnectors() {
        LoadResult result = load("""
                rateLimit: { requests: 50, per: 1s, maxConcurrency: 4 }
                retry: { maxAttempts: 2 }
                timeouts: { read: 5s }
                exchangeLog: { bodies: headers }
                """);

        assertThat(result.problems()).isEmpty();
        ConnectorSpec connector = result.connectors().get("acme-crm");
        ConnectionSpec big = result.connections().get("crm-big");
        ConnectionSpec crm = result.connections().get("crm");
        assertThat(big.effectiveRateLimit(connector)).isEqualTo(new RateLimitSpec(50, Duration.ofSeconds(1), 4, false));
        assertThat(big.effectiveRetry(connector)).isEqualTo(new RetrySpec(2, RetrySpec.DEFAULT.initialDelay(), RetrySpec.DEFAULT.maxDelay(), null));
        assertThat(big.effectiveTimeouts(connector)).isEqualTo(new TimeoutSpec(null, Duration.ofSeconds(5), null));
        assertThat(big.effectiveExchangeLog(connector)).isEqualTo(new ExchangeLogSpec(ExchangeLogSpec.Bodies.HEADERS, ExchangeLogSpec.DEFAULT_HEAD_BYTES));
        assertThat(crm.rateLimit()).isNull();
        assertThat(crm.effectiveRateLimit(connector)).isEqualTo(new RateLimitSpec(100, Duration.ofSeconds(10)));
        assertThat(crm.effectiveRetry(connector)).isEqualTo(connector.retry());
        assertThat(crm.effectiveExchangeLog(connector)).isEqualTo(ExchangeLogSpec.DEFAULT);
    }

    @Test
    void aBlockReplacesTheConnectorsAsAWholeSoAPartialRateLimitDoesNotInheritTheRest() {
        ConnectionSpec big = load("rateLimit: { maxConcurrency: 2 }\n").connections().get("crm-big");

        // the connector's 100 per 10s does not carry over: the connection's block is the whole statement of its plan
        assertThat(big.rateLimit()).isEqualTo(new RateLimitSpec(0, null, 2, false));
    }

    @Test
    void readsTheExchangeLogSettingOnAConnectorAndItsHead() {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.replaceAll(t -> t.origin().equals("acme-crm.yaml")
                ? new SourceText(t.origin(), t.text().replace("rateLimit: { requests: 100, per: 10s }", "exchangeLog: { bodies: head, headBytes: 512 }"))
                : t);
        LoadResult result = loader.loadTexts(texts);

        assertThat(result.problems()).isEmpty();
        assertThat(result.connectors().get("acme-crm").exchangeLog()).isEqualTo(new ExchangeLogSpec(ExchangeLogSpec.Bodies.HEAD, 512));
        assertThat(result.connectors().get("helpdesk").exchangeLog()).isEqualTo(ExchangeLogSpec.DEFAULT);
    }

    @Test
    void badValuesAreLoadErrorsAtTheirLine() {
        LoadResult result = load("""
                rateLimit: { requests: 0, per: 1s }
                retry: { maxAttempts: 3, initialDelay: 10s, maxDelay: 1s }
                timeouts: { read: fast }
                exchangeLog: { bodies: some, heads: 3 }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:7:24 rateLimit.requests: expected a positive integer, found '0'",
                "case.yaml:8:55 retry.maxDelay: expected at least initialDelay (10s), found '1s'",
                "case.yaml:9:19 timeouts.read: expected a duration such as 500ms, 2s, 1m or 1h, found 'fast'",
                "case.yaml:10:24 exchangeLog.bodies: 'some' is not one of full, head, headers, none",
                "case.yaml:10:30 exchangeLog.heads: unknown key (allowed: bodies, headBytes)");
    }

    @Test
    void headBytesGoesOnlyWithAHeadAndADatabaseConnectionTakesNoLimits() {
        assertThat(load("exchangeLog: { bodies: full, headBytes: 100 }\n").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:7:41 exchangeLog.headBytes: headBytes applies only to bodies: head (bodies is full)");

        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("db.yaml", """
                kind: Connection
                name: warehouse
                database: { url: "jdbc:h2:mem:w" }
                rateLimit: { requests: 5, per: 1s }
                """));
        assertThat(loader.loadTexts(texts).problems()).extracting(SpecProblem::toString).anySatisfy(p -> assertThat(p)
                .startsWith("db.yaml:4:12 rateLimit: a database connection takes no rateLimit"));
    }

    @Test
    void aFixedWindowIsReadAndNeedsADeclaredRate() {
        ConnectionSpec big = load("rateLimit: { requests: 5, per: 10s, window: fixed }\n").connections().get("crm-big");
        assertThat(big.rateLimit()).isEqualTo(new RateLimitSpec(5, Duration.ofSeconds(10), 0, false, RateLimitSpec.Window.FIXED));

        assertThat(load("rateLimit: { maxConcurrency: 2, window: fixed }\n").problems()).singleElement().asString()
                .contains("rateLimit.window: window: fixed needs requests and per");
        assertThat(load("rateLimit: { requests: 5, per: 10s, window: rolling }\n").problems()).singleElement().asString()
                .contains("rateLimit.window: 'rolling' is not one of spaced, fixed");
    }

    @Test
    void aBudgetIsTheConnectionsAcrossNodesUnlessScopeSaysNode() {
        assertThat(load("rateLimit: { requests: 5, per: 10s }\n").connections().get("crm-big").rateLimit().scope())
                .isEqualTo(RateLimitSpec.Scope.CONNECTION);
        ConnectionSpec perNode = load("rateLimit: { requests: 5, per: 10s, scope: node }\n").connections().get("crm-big");
        assertThat(perNode.rateLimit()).isEqualTo(new RateLimitSpec(5, Duration.ofSeconds(10), 0, false, RateLimitSpec.Window.SPACED,
                RateLimitSpec.Scope.NODE));
        assertThat(perNode.rateLimit().sharedByNodes()).isFalse();

        assertThat(load("rateLimit: { requests: 5, per: 10s, scope: cluster }\n").problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:7:44 rateLimit.scope: expected connection (the API account's budget, split evenly among the nodes that call it) or node"
                        + " (each node's own budget, for an API that limits per client address), found 'cluster'");
    }

    @Test
    void aCostBudgetIsReadWithPathsOrNumbers() {
        ConnectionSpec shop = load("""
                rateLimit:
                  maxConcurrency: 2
                  cost:
                    available: $.extensions.cost.throttleStatus.currentlyAvailable
                    requested: $.extensions.cost.requestedQueryCost
                    restoreRate: $.extensions.cost.throttleStatus.restoreRate
                    maximum: 1000
                """).connections().get("crm-big");

        assertThat(shop.rateLimit()).isEqualTo(new RateLimitSpec(0, null, 2, false, RateLimitSpec.Window.SPACED, RateLimitSpec.Scope.CONNECTION,
                new RateLimitSpec.Cost("$.extensions.cost.throttleStatus.currentlyAvailable", "$.extensions.cost.requestedQueryCost",
                        "$.extensions.cost.throttleStatus.restoreRate", "1000", null)));
        assertThat(shop.rateLimit().sharedByNodes()).isTrue();
        RateLimitSpec window = load("rateLimit: { cost: { available: $.data.complexity.after, resetIn: $.data.complexity.reset_in_x_seconds } }\n")
                .connections().get("crm-big").rateLimit();
        assertThat(window.hasRate()).isFalse();
        assertThat(window.cost()).isEqualTo(new RateLimitSpec.Cost("$.data.complexity.after", null, null, null, "$.data.complexity.reset_in_x_seconds"));
    }

    @Test
    void aCostBudgetNeedsWhatIsLeftAndEitherARateOrAResetAndPathsOfFieldNames() {
        assertThat(load("rateLimit: { cost: { restoreRate: 50 } }\n").problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:7:14 rateLimit.cost: missing required key 'available'");
        assertThat(load("rateLimit: { cost: { available: $.left } }\n").problems()).extracting(SpecProblem::toString).singleElement().asString()
                .contains("rateLimit.cost.restoreRate: expected restoreRate (points restored a second: a bucket, as Shopify's query cost) or resetIn");
        assertThat(load("rateLimit: { cost: { available: $.left, restoreRate: 50, resetIn: $.reset } }\n").problems()).singleElement().asString()
                .contains("rateLimit.cost.resetIn: expected restoreRate").contains("one of them");
        assertThat(load("rateLimit: { cost: { available: \"$.costs[0].left\", restoreRate: fast, maximum: 0 } }\n").problems())
                .extracting(SpecProblem::toString).containsExactly(
                        "case.yaml:7:33 rateLimit.cost.available: expected a path of field names such as"
                                + " $.extensions.cost.throttleStatus.currentlyAvailable (no array index), found '$.costs[0].left'",
                        "case.yaml:7:65 rateLimit.cost.restoreRate: expected a JSON path into the answer (starting with $) or a positive number, found 'fast'",
                        "case.yaml:7:80 rateLimit.cost.maximum: expected a JSON path into the answer (starting with $) or a positive number, found '0'");
        assertThat(load("rateLimit: { cost: { available: $.left, restoreRate: 5, spent: $.x } }\n").problems()).singleElement().asString()
                .contains("rateLimit.cost.spent: unknown key (allowed: available, requested, restoreRate, maximum, resetIn)");
    }
}
