package dev.junction.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.store.DeadLetter;
import dev.junction.store.ErrorClass;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a failure was classified reaches the run's record and its dead letters: a source played by
 * WireMock (JSON-RPC, HTTP), the sandbox's Helpdesk as the destination, an H2 store.
 */
class ErrorClassRunTest {
    @RegisterExtension
    static final WireMockExtension source = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final PartitionSyncs syncs = new PartitionSyncs(source.baseUrl());

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void aJsonRpcErrorFailsTheRunWithItsCategoryAndTheProvidersCode() {
        source.stubFor(post(urlPathEqualTo("/rpc")).willReturn(okJson("""
                {"jsonrpc": "2.0", "id": 1, "error": {"code": -32602, "message": "Invalid params", "data": "limit must be at most 100"}}""")));
        String connector = PartitionSyncs.connector("""
                users:
                  request: { path: /rpc }
                  jsonrpc: { method: users.list, params: '{"limit": 500}' }
                  records: items
                  primaryKey: id
                """);

        RunRecord run = syncs.run(connector, PartitionSyncs.sync("users", "full", ""));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("JSON-RPC error -32602: Invalid params: limit must be at most 100");
        assertThat(run.errorClass()).isEqualTo(new ErrorClass(ErrorClass.PERMANENT, "-32602"));
        assertThat(syncs.store.runs().find(run.id()).orElseThrow().errorClass()).isEqualTo(run.errorClass());
    }

    @Test
    void aServerErrorThatOutlastsTheRetriesIsRetryableWithJunctionsCodeWhenTheProviderGaveNone() {
        source.stubFor(get(urlPathEqualTo("/users")).willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
        String connector = PartitionSyncs.connector("""
                users:
                  request: { path: /users }
                  records: "$.data"
                  primaryKey: id
                """);

        RunRecord run = syncs.run(connector, PartitionSyncs.sync("users", "full", ""));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(syncs.store.runs().find(run.id()).orElseThrow().errorClass()).isEqualTo(new ErrorClass(ErrorClass.RETRYABLE, "http_503"));
    }

    @Test
    void aRecordTheDestinationRefusesIsADeadLetterWithTheDestinationsCodeAndARunThatEndsWellHasNoErrorClass() {
        source.stubFor(get(urlPathEqualTo("/users")).willReturn(okJson("""
                {"data": [{"id": "u1", "email": "u1@example.com", "name": "One"}, {"id": "u2", "email": "not-an-email", "name": "Two"}]}""")));
        String connector = PartitionSyncs.connector("""
                users:
                  request: { path: /users }
                  records: "$.data"
                  primaryKey: id
                """);

        RunRecord run = syncs.run(connector, PartitionSyncs.sync("users", "full", ""));

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.errorClass()).isNull();
        assertThat(syncs.store.runs().find(run.id()).orElseThrow().errorClass()).isNull();
        DeadLetter refused = syncs.store.deadLetters().listForRun(run.id()).getFirst();
        assertThat(refused.recordKey()).isEqualTo("u2");
        assertThat(refused.errorClass()).isEqualTo(new ErrorClass(ErrorClass.PERMANENT, "invalid_email"));
    }

    @Test
    void aRecordTheMappingCannotMapIsADeadLetterCodedMappingFailed() {
        source.stubFor(get(urlPathEqualTo("/users")).willReturn(okJson("""
                {"data": [{"id": "u1", "email": "u1@example.com", "name": "One", "age": "old"}]}""")));
        String connector = PartitionSyncs.connector("""
                users:
                  request: { path: /users }
                  records: "$.data"
                  primaryKey: id
                """);

        RunRecord run = syncs.run(connector, PartitionSyncs.sync("users", "full", "age: \"= $number(age) + 1\""));

        assertThat(syncs.store.deadLetters().listForRun(run.id())).singleElement()
                .satisfies(d -> assertThat(d.errorClass()).isEqualTo(new ErrorClass(ErrorClass.PERMANENT, "mapping_failed")));
    }
}
