package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signed static credentials refused in a run or a check, as {@link RefusedCredentialsRunTest} has
 * it for API keys and bearer tokens: OAuth 1.0a secrets refused with 401 — with no problem report, as
 * most providers answer, or one that refuses the token — mark the connection {@code needs_reauth} with
 * one {@code connection.needs_reauth} event; a 401 whose problem report refuses only the timestamp or
 * the nonce marks nothing. AWS keys refused with 403 and a code that refuses them (S3's XML
 * {@code InvalidAccessKeyId}, a JSON {@code __type}, the {@code x-amzn-ErrorType} header) mark it, and
 * the reason names the AWS code; {@code AccessDenied} (the keys lack a permission) marks nothing. The
 * APIs: WireMock; the store: H2.
 */
class RefusedSignedCredentialsRunTest extends RefusedCredentialsFixture {
    @BeforeEach
    void apply() {
        open("""
                kind: Connector
                name: boards
                config: { baseUrl: {} }
                secrets: { consumerKey: {}, consumerSecret: {}, token: {}, tokenSecret: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth:
                  type: oauth1
                  consumerKey: "{{ secrets.consumerKey }}"
                  consumerSecret: "{{ secrets.consumerSecret }}"
                  token: "{{ secrets.token }}"
                  tokenSecret: "{{ secrets.tokenSecret }}"
                retry: { maxAttempts: 1 }
                check: { request: { path: /boards/me } }
                streams:
                  cards: { request: { path: /boards/cards }, records: $.items, primaryKey: id }
                ---
                kind: Connector
                name: bucket
                config: { baseUrl: {} }
                secrets: { accessKeyId: {}, secretAccessKey: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth:
                  type: aws-sigv4
                  accessKeyId: "{{ secrets.accessKeyId }}"
                  secretAccessKey: "{{ secrets.secretAccessKey }}"
                  region: eu-west-1
                  service: s3
                retry: { maxAttempts: 1 }
                check: { request: { path: /bucket/me } }
                streams:
                  objects: { request: { path: /bucket/objects }, records: $.items, primaryKey: id }
                ---
                kind: Connector
                name: helpdesk
                config: { baseUrl: {} }
                baseUrl: "{{ config.baseUrl }}"
                actions:
                  upsertUsers:
                    request: { method: POST, path: /helpdesk/users/batch, body: "{ 'users': $records }" }
                    batch: { maxRecords: 10 }
                ---
                kind: Connection
                name: boards
                connector: boards
                config: { baseUrl: "${env:API_URL}" }
                secrets: { consumerKey: "${env:CONSUMER_KEY}", consumerSecret: "${env:CONSUMER_SECRET}", token: "${env:TOKEN}", tokenSecret: "${env:TOKEN_SECRET}" }
                ---
                kind: Connection
                name: bucket
                connector: bucket
                config: { baseUrl: "${env:API_URL}" }
                secrets: { accessKeyId: "${env:AWS_KEY_ID}", secretAccessKey: "${env:AWS_SECRET}" }
                ---
                kind: Connection
                name: helpdesk
                connector: helpdesk
                config: { baseUrl: "${env:API_URL}" }
                ---
                kind: Sync
                name: cards
                source: { connection: boards, stream: cards, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping: { external_id: id }
                ---
                kind: Sync
                name: objects
                source: { connection: bucket, stream: objects, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping: { external_id: id }
                """, Map.of("CONSUMER_KEY", "consumer-key-1", "CONSUMER_SECRET", "consumer-secret-1", "TOKEN", "token-1",
                "TOKEN_SECRET", "oauth1-token-secret-revoked", "AWS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET", "aws-secret-key-deactivated"));
        api.stubFor(post("/helpdesk/users/batch").willReturn(okJson("{}")));
    }

    @Test
    void anOAuth1ReadRefusedWith401WithoutAProblemReportMarksTheConnectionOnceWhileItsRunsKeepFailing() throws Exception {
        api.stubFor(get("/boards/cards").willReturn(aResponse().withStatus(401).withBody("invalid token")));

        RunRecord first = run("cards");
        RunRecord second = run("cards");

        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(second.status()).isEqualTo(RunStatus.FAILED);
        var boards = engine.health().status("boards", null);
        assertThat(boards.status()).isEqualTo("needs_reauth");
        assertThat(boards.detail()).contains("connection 'boards'", "HTTP 401", "invalid token", "give it new ones in its secrets")
                .doesNotContain("oauth1-token-secret-revoked");
        JsonNode event = onlyEvent();
        assertThat(event.path("connection").asText()).isEqualTo("boards");
        assertThat(event.path("reason").asText()).isEqualTo(boards.detail());
    }

    @Test
    void anOAuth1ReadWhoseTokenTheProblemReportRejectsMarksTheConnection() throws Exception {
        api.stubFor(get("/boards/cards").willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "OAuth realm=\"boards\", oauth_problem=\"token_revoked\"")));

        run("cards");

        assertThat(engine.health().status("boards", null).detail()).contains("OAuth problem token_revoked");
        assertThat(onlyEvent().path("connection").asText()).isEqualTo("boards");
    }

    @Test
    void anOAuth1ReadWhoseTimestampOrNonceWasRefusedFailsTheRunButMarksNothing() {
        api.stubFor(get("/boards/cards").willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "OAuth oauth_problem=\"timestamp_refused\", oauth_acceptable_timestamps=\"1700000000-1700000600\"")));
        RunRecord skewed = run("cards");
        api.stubFor(get("/boards/cards").willReturn(aResponse().withStatus(401).withBody("oauth_problem=nonce_used")));
        RunRecord repeated = run("cards");

        assertThat(skewed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(skewed.error()).contains("OAuth problem timestamp_refused", "check that the clock of the host running Junction is right");
        assertThat(repeated.status()).isEqualTo(RunStatus.FAILED);
        assertThat(repeated.error()).contains("OAuth problem nonce_used");
        assertThat(engine.health().status("boards", null).status()).isEqualTo("unknown");
        assertThat(engine.events().deliveries(subscription, null, 10)).isEmpty();
    }

    @Test
    void anS3ReadRefusedWith403InvalidAccessKeyIdMarksTheConnectionOnceNamingTheAwsCode() throws Exception {
        api.stubFor(get("/bucket/objects").willReturn(s3Error("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")));

        RunRecord first = run("objects");
        run("objects");

        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        var bucket = engine.health().status("bucket", null);
        assertThat(bucket.status()).isEqualTo("needs_reauth");
        assertThat(bucket.detail()).contains("was refused with HTTP 403: error InvalidAccessKeyId: The AWS Access Key Id you provided does not exist",
                "AWS refused the credentials of connection 'bucket' (InvalidAccessKeyId)", "give it new ones in its secrets")
                .doesNotContain("aws-secret-key-deactivated");
        assertThat(onlyEvent().path("reason").asText()).isEqualTo(bucket.detail());
    }

    @Test
    void anAwsReadRefusedWithTheErrorTypeHeaderOrAJsonTypeMarksTheConnection() throws Exception {
        api.stubFor(get("/bucket/objects").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
                .withBody("{\"message\": \"The security token included in the request is invalid.\"}")));
        run("objects");
        assertThat(engine.health().status("bucket", null).detail()).contains("(UnrecognizedClientException)");

        assertThat(engine.health().reset("bucket", null).status()).isEqualTo("unknown");
        api.stubFor(get("/bucket/objects").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\": \"com.amazon.coral.service#ExpiredTokenException\", \"message\": \"The security token included in the request is expired\"}")));
        run("objects");

        assertThat(engine.health().status("bucket", null).status()).isEqualTo("needs_reauth");
        assertThat(engine.health().status("bucket", null).detail()).contains("(ExpiredTokenException): its session token has expired");
        assertThat(engine.events().deliveries(subscription, null, 10)).as("one event per transition").hasSize(2);
    }

    @Test
    void anAwsReadDeniedAPermissionFailsTheRunButMarksNothing() {
        api.stubFor(get("/bucket/objects").willReturn(s3Error("AccessDenied", "Access Denied")));

        RunRecord run = run("objects");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("was refused with HTTP 403: error AccessDenied: Access Denied", "grant access to this resource");
        assertThat(engine.health().status("bucket", null).status()).isEqualTo("unknown");
        assertThat(engine.events().deliveries(subscription, null, 10)).isEmpty();
    }

    @Test
    void aCheckRefusedForTheKeysMarksTheConnectionAndOneRefusedForThePermissionOrTheClockIsFailing() throws Exception {
        api.stubFor(get("/bucket/me").willReturn(s3Error("AccessDenied", "Access Denied")));
        assertThat(engine.health().check("bucket", null, "test").status()).isEqualTo("failing");
        api.stubFor(get("/boards/me").willReturn(aResponse().withStatus(401).withBody("oauth_problem=timestamp_refused")));
        assertThat(engine.health().check("boards", null, "test").status()).isEqualTo("failing");

        api.stubFor(get("/bucket/me").willReturn(s3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature"
                + " you provided. Check your key and signing method.")));
        assertThat(engine.health().check("bucket", null, "test").status()).isEqualTo("needs_reauth");
        assertThat(engine.health().status("bucket", null).detail()).contains("(SignatureDoesNotMatch)", "usually means a wrong secret access key");
        assertThat(onlyEvent().path("connection").asText()).isEqualTo("bucket");
    }

    private static ResponseDefinitionBuilder s3Error(String code, String message) {
        return aResponse().withStatus(403).withHeader("Content-Type", "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Error><Code>" + code + "</Code><Message>" + message + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>");
    }
}
