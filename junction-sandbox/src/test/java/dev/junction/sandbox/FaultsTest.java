package dev.junction.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTest {

    private Sandbox sandbox;
    private Http crm;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(0));
        crm = Http.crm(sandbox);
    }

    @AfterEach
    void stop() {
        crm.close();
        sandbox.close();
    }

    @Test
    void anErrorRateOfOneAnswersEveryRequestWithA5xx() {
        sandbox.crm().setFaults(Faults.NONE.withErrorRate(1.0));

        List<Http.Response> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(crm.get("/v1/contacts"));
        }

        assertThat(responses).extracting(Http.Response::status).allMatch(s -> s == 500 || s == 502 || s == 503);
        assertThat(responses.getFirst().json().get("message").asText()).isEqualTo("injected fault");
        assertThat(sandbox.crm().stats().injectedErrors()).isEqualTo(20);
    }

    @Test
    void aResetRateOfOneMakesTheClientSeeAnIOException() {
        sandbox.crm().setFaults(Faults.NONE.withResetRate(1.0));

        assertThatThrownBy(() -> crm.getRaw("/v1/contacts")).isInstanceOf(IOException.class);
        assertThat(sandbox.crm().stats().resets()).isPositive();
    }

    @Test
    void theServerKeepsServingAfterResetFaultsAreTurnedOff() {
        sandbox.crm().setFaults(Faults.NONE.withResetRate(1.0));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> crm.getRaw("/v1/owners")).isInstanceOf(IOException.class);
        }

        sandbox.crm().setFaults(Faults.NONE);

        assertThat(crm.get("/v1/owners").status()).isEqualTo(200);
    }

    @Test
    void aTooManyRequestsRateOfOneAnswers429WithRetryAfterOneSecond() {
        sandbox.helpdesk().setFaults(Faults.NONE.withTooManyRequestsRate(1.0));

        try (Http helpdesk = Http.helpdesk(sandbox)) {
            Http.Response response = helpdesk.get("/api/users");

            assertThat(response.status()).isEqualTo(429);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(response.json().get("error").asText()).isEqualTo("rate_limited");
        }
        assertThat(sandbox.helpdesk().stats().tooManyRequests()).isEqualTo(1);
    }

    @Test
    void theSameFaultSeedFailsTheSameRequests() {
        List<Integer> first = statuses(Faults.NONE.withErrorRate(0.5).withSeed(7));
        List<Integer> second = statuses(Faults.NONE.withErrorRate(0.5).withSeed(7));

        assertThat(first).isEqualTo(second).contains(200).containsAnyOf(500, 502, 503);
    }

    @Test
    void faultsCanBeSetAndReadOverTheAdminApiWhichIsNeverFaulted() {
        Http admin = Http.anonymous(sandbox.crm().baseUrl());

        Http.Response set = admin.post("/_admin/faults",
                "{\"latencyMs\":5,\"errorRate\":1.0,\"tooManyRequestsRate\":0,\"resetRate\":0,\"seed\":3}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(sandbox.crm().faults()).isEqualTo(new Faults(Duration.ofMillis(5), 1.0, 0, 0, 3));
        assertThat(admin.get("/_admin/faults").json().get("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(admin.get("/_admin/stats").status()).isEqualTo(200);
        assertThat(crm.get("/v1/owners").status()).isGreaterThanOrEqualTo(500);
    }

    @Test
    void invalidFaultsAreRejectedOverTheAdminApi() {
        Http admin = Http.anonymous(sandbox.crm().baseUrl());

        assertThat(admin.post("/_admin/faults", "{\"errorRate\":2}").status()).isEqualTo(400);
        assertThat(admin.post("/_admin/faults", "{\"errorRat\":0.1}").json().get("message").asText())
                .contains("errorRat");
        assertThat(sandbox.crm().faults()).isEqualTo(Faults.NONE);
    }

    @Test
    void latencyDelaysButStillAnswers() {
        sandbox.crm().setFaults(Faults.NONE.withLatency(Duration.ofMillis(20)));

        assertThat(crm.get("/v1/owners").status()).isEqualTo(200);
    }

    @Test
    void faultRatesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> Faults.NONE.withErrorRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.NONE.withLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Integer> statuses(Faults faults) {
        sandbox.crm().setFaults(faults);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(crm.get("/v1/owners").status());
        }
        return statuses;
    }
}
