package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SpecLoader;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.sync.RunListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connectors of {@code examples/saas} against WireMock answering as the real APIs document it:
 * Stripe's lists (starting_after, has_more) and form-encoded writes, HubSpot's batch upsert (results in any order matched
 * by objectWriteTraceId, and 207 when some inputs are refused), GitHub's issues (Link header, since, its required headers), Shopify's lists (Link
 * with page_info, X-Shopify-Access-Token, a 429 with a fractional Retry-After), Zoom's users (a Server-to-Server OAuth app's
 * account_credentials token, next_page_token), a GitHub App's installation repositories (the app's JWT obtaining an installation token).
 */
class SaasExamplesTest {

    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dataDir;

    private Engine engine;
    private final SaasExampleFiles files = new SaasExampleFiles();

    @AfterEach
    void close() {
        files.close();
        if (engine != null) {
            engine.close();
        }
    }

    /** The example's connectors and sync, with connections to WireMock instead of the real hosts (and no webhook secret set). */
    private Engine stripeToHubSpot() {
        engine = SaasExampleFiles.stripeToHubSpot(dataDir, api.baseUrl(), Map.of());
        return engine;
    }

    private RunRecord run() {
        return engine.runs().run(engine.definitions().applied(), new Runs.Request("stripe-customers-to-hubspot", null, "cli", false), RunListener.NONE).run();
    }

    private static void stripeCustomers() {
        api.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", absent()).willReturn(okJson("""
                {"object": "list", "url": "/v1/customers", "has_more": true, "data": [
                  {"id": "cus_A1", "object": "customer", "email": "Ada@Example.com ", "name": "Ada Lovelace", "phone": "+441234"},
                  {"id": "cus_B2", "object": "customer", "email": null, "name": "No Mail", "phone": null}]}""")));
        api.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", equalTo("cus_B2")).willReturn(okJson("""
                {"object": "list", "url": "/v1/customers", "has_more": false, "data": [
                  {"id": "cus_C3", "object": "customer", "email": "grace@example.com", "name": "Grace", "phone": null},
                  {"id": "cus_D4", "object": "customer", "email": "ops@example.com", "name": null, "phone": null}]}""")));
    }

    /** A result of HubSpot's batch upsert for the input with {@code trace} as its objectWriteTraceId. */
    private static String contactResult(String id, String trace, boolean created) {
        return """
                {"id": "%s", "objectWriteTraceId": "%s", "new": %s, "archived": false, "properties": {}, "createdAt": "2026-11-02T10:00:00.000Z",
                 "updatedAt": "2026-11-02T10:00:00.000Z"}""".formatted(id, trace, created);
    }

    @Test
    void stripeCustomersBecomeHubSpotContactsByEmailOnceAndACustomerWithoutEmailIsADeadLetter() {
        stripeCustomers();
        // HubSpot answers in its own order: each result carries the input's objectWriteTraceId (the Stripe id) and whether it is new
        api.stubFor(post("/crm/v3/objects/contacts/batch/upsert").withRequestBody(containing("cus_A1")).willReturn(okJson(
                "{\"status\": \"COMPLETE\", \"results\": [" + contactResult("101", "cus_A1", true) + "]}")
                .withHeader("X-HubSpot-RateLimit-Max", "190").withHeader("X-HubSpot-RateLimit-Remaining", "189")
                .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")));
        api.stubFor(post("/crm/v3/objects/contacts/batch/upsert").withRequestBody(containing("cus_C3")).willReturn(okJson(
                "{\"status\": \"COMPLETE\", \"results\": [" + contactResult("104", "cus_D4", false) + ", " + contactResult("103", "cus_C3", true) + "]}")));
        stripeToHubSpot();

        RunRecord first = run();

        assertThat(first.counters().read()).isEqualTo(4);
        assertThat(first.counters().inserted()).isEqualTo(2); // ada and grace are new at HubSpot
        assertThat(first.counters().updated()).isEqualTo(1); // ops was there
        assertThat(first.counters().failed()).isEqualTo(1);
        api.verify(getRequestedFor(urlPathEqualTo("/v1/customers")).withHeader("Authorization", equalTo("Bearer sk_test_abc123"))
                .withHeader("Stripe-Version", equalTo("2024-06-20")).withQueryParam("limit", equalTo("100")));
        // a batch per page here: the first page's customer with an email, then the second page's
        api.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
                .withHeader("Authorization", equalTo("Bearer pat-na1-abc123"))
                .withRequestBody(equalToJson("""
                        {"inputs": [{"idProperty": "email", "id": "ada@example.com", "objectWriteTraceId": "cus_A1",
                          "properties": {"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace", "phone": "+441234"}}]}""")));
        api.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert")).withRequestBody(equalToJson("""
                {"inputs": [{"idProperty": "email", "id": "grace@example.com", "objectWriteTraceId": "cus_C3",
                             "properties": {"email": "grace@example.com", "firstname": "Grace"}},
                            {"idProperty": "email", "id": "ops@example.com", "objectWriteTraceId": "cus_D4", "properties": {"email": "ops@example.com"}}]}""")));
        List<DeadLetter> dead = engine.store().deadLetters().listForRun(first.id());
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().recordKey()).isEqualTo("source:cus_B2");
        assertThat(dead.getFirst().reason()).isEqualTo("the mapped record has no value for the destination key 'id'");

        RunRecord second = run();

        assertThat(second.counters().written()).isZero();
        assertThat(second.counters().unchanged()).isEqualTo(3);
        api.verify(2, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert")));
    }

    @Test
    void aHubSpotMultiStatusAnswerMakesTheRefusedContactADeadLetterAndWritesTheOthersOfItsCall() {
        stripeCustomers();
        // HubSpot refuses grace@example.com's phone: her input is left out of results and is in errors instead
        api.stubFor(post("/crm/v3/objects/contacts/batch/upsert").withRequestBody(containing("cus_C3"))
                .willReturn(aResponse().withStatus(207).withHeader("Content-Type", "application/json").withBody("""
                        {"status": "COMPLETE", "results": [%s], "numErrors": 1,
                         "errors": [{"status": "error", "category": "VALIDATION_ERROR",
                                     "message": "Property values were not valid: grace@example.com phone", "context": {}}]}"""
                        .formatted(contactResult("104", "cus_D4", false)))));
        api.stubFor(post("/crm/v3/objects/contacts/batch/upsert").withRequestBody(containing("cus_A1")).willReturn(okJson(
                "{\"status\": \"COMPLETE\", \"results\": [" + contactResult("101", "cus_A1", true) + "]}")));
        stripeToHubSpot();

        RunRecord run = run();

        assertThat(run.counters().inserted()).isEqualTo(1); // ada
        assertThat(run.counters().updated()).isEqualTo(1); // ops
        assertThat(run.counters().failed()).isEqualTo(2); // the customer without an email, and grace
        assertThat(engine.store().deadLetters().listForRun(run.id())).extracting(DeadLetter::recordKey, DeadLetter::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("grace@example.com", "action 'upsertContacts': the answer (HTTP 207 Multi-Status)"
                        + " has no result for this record (results matched by objectWriteTraceId)"));
        // one call per page: the 207 is not split, the results say which contact was written
        api.verify(2, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert")));
    }

    @Test
    void stripeCustomersAreCreatedAndUpdatedWithFormFieldsAndAnIdempotencyKey() throws Exception {
        api.stubFor(post("/v1/customers").willReturn(okJson("{\"id\": \"cus_N1\", \"object\": \"customer\"}")));
        api.stubFor(post("/v1/customers/cus_N1").willReturn(okJson("{\"id\": \"cus_N1\", \"object\": \"customer\"}")));
        ConnectionClient stripe = files.client("stripe", """
                kind: Connection
                name: stripe
                connector: stripe
                config: { baseUrl: "%s" }
                secrets: { secretKey: "${env:STRIPE_KEY}" }
                """.formatted(api.baseUrl()), Map.of("STRIPE_KEY", "sk_test_abc123"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();

        stripe.call("createCustomer", List.of(json.readTree("{\"email\": \"ada@example.com\", \"name\": \"Ada Lovelace\", \"phone\": null, \"external_id\": \"u-7\"}")),
                CallContext.of("stripe"), "idem-1");
        stripe.call("updateCustomer", List.of(json.readTree("{\"id\": \"cus_N1\", \"email\": \"ada@example.org\", \"name\": \"Ada King\"}")),
                CallContext.of("stripe"), "idem-2");

        api.verify(postRequestedFor(urlPathEqualTo("/v1/customers")).withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Idempotency-Key", equalTo("idem-1")).withHeader("Authorization", equalTo("Bearer sk_test_abc123"))
                .withRequestBody(equalTo("email=ada%40example.com&name=Ada+Lovelace&metadata%5Bexternal_id%5D=u-7")));
        api.verify(postRequestedFor(urlPathEqualTo("/v1/customers/cus_N1")).withHeader("Idempotency-Key", equalTo("idem-2"))
                .withRequestBody(equalTo("email=ada%40example.org&name=Ada+King")));
    }

    @Test
    void hubSpotsChangedContactsComeFromTheSearchApiWithTheCheckpointInItsFilter() {
        api.stubFor(post("/crm/v3/objects/contacts/search").withRequestBody(matchingJsonPath("$.after", absent())).willReturn(okJson("""
                {"total": 3, "results": [
                  {"id": "51", "properties": {"email": "a@example.com", "lastmodifieddate": "2026-11-01T09:00:00.000Z"}},
                  {"id": "52", "properties": {"email": "b@example.com", "lastmodifieddate": "2026-11-01T10:00:00.000Z"}}],
                 "paging": {"next": {"after": "2"}}}""")));
        api.stubFor(post("/crm/v3/objects/contacts/search").withRequestBody(matchingJsonPath("$.after", equalTo("2"))).willReturn(okJson("""
                {"total": 3, "results": [{"id": "53", "properties": {"email": "c@example.com", "lastmodifieddate": "2026-11-02T08:00:00.000Z"}}]}""")));
        ConnectionClient hubspot = files.client("hubspot", """
                kind: Connection
                name: hubspot
                connector: hubspot
                config: { baseUrl: "%s" }
                secrets: { accessToken: "${env:HUBSPOT_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("HUBSPOT_TOKEN", "pat-na1-abc123"));

        assertThat(SaasExampleFiles.ids(hubspot.readStream("contactsChanged", new ReadOptions("2026-11-01T00:00:00.000Z", CallContext.of("hubspot")))))
                .containsExactly("51", "52", "53");
        // lastmodifieddate >= the checkpoint, in HubSpot's epoch milliseconds, oldest first; the next page by its "after"
        api.verify(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search")).withHeader("Authorization", equalTo("Bearer pat-na1-abc123"))
                .withRequestBody(equalToJson("""
                        {"filterGroups": [{"filters": [{"propertyName": "lastmodifieddate", "operator": "GTE", "value": "1793491200000"}]}],
                         "sorts": [{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}],
                         "properties": ["email", "firstname", "lastname", "phone", "company", "lifecyclestage", "lastmodifieddate"],
                         "limit": 100}""")));
        api.verify(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search")).withRequestBody(matchingJsonPath("$.after", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo("1793491200000"))));

        api.resetRequests();
        SaasExampleFiles.ids(hubspot.readStream("contactsChanged", ReadOptions.full(CallContext.of("hubspot"))));
        api.verify(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search")).withRequestBody(matchingJsonPath("$.filterGroups.length()", equalTo("0"))));
    }

    @Test
    void gitHubIssuesPageByTheLinkHeaderWithItsHeadersAndResumeSinceTheNewestChange() {
        String next = api.baseUrl() + "/repositories/42/issues?state=all&sort=updated&direction=asc&per_page=100&page=2";
        api.stubFor(get(urlPathEqualTo("/repos/octo/hello/issues")).willReturn(okJson("""
                [{"id": 1, "number": 7, "title": "First", "updated_at": "2026-11-01T10:00:00Z"},
                 {"id": 2, "number": 8, "title": "Second", "updated_at": "2026-11-02T10:00:00Z"}]""")
                .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"")
                .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "4998").withHeader("x-ratelimit-reset", "1795341630")));
        api.stubFor(get(urlPathEqualTo("/repositories/42/issues")).withQueryParam("page", equalTo("2")).willReturn(okJson("""
                [{"id": 3, "number": 9, "title": "Third", "updated_at": "2026-11-03T10:00:00Z"}]""")));
        ConnectionClient github = files.client("github", """
                kind: Connection
                name: github
                connector: github
                config: { baseUrl: "%s", owner: octo, repo: hello }
                secrets: { token: "${env:GH_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("GH_TOKEN", "github_pat_abc123"));

        assertThat(SaasExampleFiles.ids(github.readStream("issues", ReadOptions.full(CallContext.of("github"))))).containsExactly("1", "2", "3");
        api.verify(getRequestedFor(urlPathEqualTo("/repos/octo/hello/issues")).withHeader("Authorization", equalTo("Bearer github_pat_abc123"))
                .withHeader("Accept", equalTo("application/vnd.github+json")).withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("User-Agent", equalTo("junction")).withQueryParam("since", absent()));

        SaasExampleFiles.ids(github.readStream("issues", new ReadOptions("2026-11-03T10:00:00Z", CallContext.of("github"))));
        api.verify(getRequestedFor(urlPathEqualTo("/repos/octo/hello/issues")).withQueryParam("since", equalTo("2026-11-03T10:00:00Z"))
                .withQueryParam("sort", equalTo("updated")).withQueryParam("direction", equalTo("asc")));
    }

    /**
     * The app's JWT (RS256 over its PKCS#1 key as GitHub hands it out, iss the app id, iat 60 s back) obtains the installation's
     * token at POST /app/installations/ID/access_tokens (201, expires_at); the installation's repositories are read with it.
     */
    @Test
    void aGitHubAppReadsItsInstallationsRepositoriesWithAnInstallationTokenObtainedByItsJwt() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair app = generator.generateKeyPair();
        java.io.StringWriter pem = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pem)) {
            writer.writeObject(app); // -----BEGIN RSA PRIVATE KEY----- (PKCS#1), as GitHub's download
        }
        api.stubFor(post(urlPathEqualTo("/app/installations/51234/access_tokens")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("""
                {"token": "ghs_16C7e42F292c6912E7710c838347Ae178B4a", "expires_at": "2099-07-11T22:14:10Z",
                 "permissions": {"metadata": "read", "contents": "read"}, "repository_selection": "selected"}""")));
        api.stubFor(get(urlPathEqualTo("/installation/repositories")).willReturn(okJson("""
                {"total_count": 2, "repository_selection": "selected",
                 "repositories": [{"id": 1296269, "name": "Hello-World", "full_name": "octocat/Hello-World", "private": false},
                                  {"id": 1296270, "name": "Spoon-Knife", "full_name": "octocat/Spoon-Knife", "private": true}]}""")));
        ConnectionClient github = files.client("github-app", """
                kind: Connection
                name: github-app
                connector: github-app
                config: { baseUrl: "%s", appId: "123456", installationId: "51234" }
                secrets: { privateKey: "${env:GITHUB_APP_PRIVATE_KEY}" }
                """.formatted(api.baseUrl()), Map.of("GITHUB_APP_PRIVATE_KEY", pem.toString()));

        assertThat(SaasExampleFiles.ids(github.readStream("repositories", ReadOptions.full(CallContext.of("github-app")))))
                .containsExactly("1296269", "1296270");
        var logins = api.findAll(postRequestedFor(urlPathEqualTo("/app/installations/51234/access_tokens")));
        assertThat(logins).hasSize(1);
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(logins.getFirst().getHeader("Authorization").substring("Bearer ".length()));
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier((java.security.interfaces.RSAPublicKey) app.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("123456");
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(lifetime).isEqualTo(java.time.Duration.ofMinutes(10).toMillis()); // 9 minutes ahead, iat 60 s back: GitHub's limit is 10
        api.verify(getRequestedFor(urlPathEqualTo("/installation/repositories")).withHeader("Authorization",
                equalTo("Bearer ghs_16C7e42F292c6912E7710c838347Ae178B4a")).withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withQueryParam("per_page", equalTo("100")));
    }

    /**
     * Snowflake's key-pair JWT: RS256 over the service user's PKCS#8 key (no passphrase given: the secret is optional), the issuer
     * ACCOUNT.USER.SHA256: and the base64 SHA-256 of the public key's DER, which the connection never gives; the check runs a statement.
     */
    @Test
    void snowflakeChecksWithAKeyPairJwtNamingThePublicKeysFingerprint() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair user = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(user.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String fingerprint = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(user.getPublic().getEncoded()));
        api.stubFor(post(urlPathEqualTo("/api/v2/statements")).willReturn(okJson("""
                {"resultSetMetaData": {"numRows": 1, "format": "jsonv2", "rowType": [{"name": "CURRENT_USER()", "type": "text"}]},
                 "data": [["JUNCTION_SVC"]], "code": "090001", "statementHandle": "01b2c3d4-0000-1111-0000-000123456789",
                 "message": "Statement executed successfully."}""")));
        ConnectionClient snowflake = files.client("snowflake", """
                kind: Connection
                name: snowflake
                connector: snowflake
                config: { baseUrl: "%s", account: MYORG-MYACCOUNT, user: JUNCTION_SVC }
                secrets: { privateKey: "${env:SNOWFLAKE_PRIVATE_KEY}" }
                """.formatted(api.baseUrl()), Map.of("SNOWFLAKE_PRIVATE_KEY", pem));

        var check = snowflake.check(CallContext.of("snowflake"));

        assertThat(check.healthy()).as(String.valueOf(check.error())).isTrue();
        var request = api.findAll(postRequestedFor(urlPathEqualTo("/api/v2/statements"))).getFirst();
        assertThat(request.getHeader("X-Snowflake-Authorization-Token-Type")).isEqualTo("KEYPAIR_JWT");
        assertThat(request.getBodyAsString()).contains("select current_user()");
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(request.getHeader("Authorization").substring("Bearer ".length()));
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier((java.security.interfaces.RSAPublicKey) user.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("MYORG-MYACCOUNT.JUNCTION_SVC.SHA256:" + fingerprint);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("MYORG-MYACCOUNT.JUNCTION_SVC");
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(lifetime).isEqualTo(java.time.Duration.ofMinutes(59).toMillis());
    }

    @Test
    void shopifyProductsFollowPageInfoLinksAsGivenAndWaitOutALeakyBucketsFractionalRetryAfter() {
        String next = api.baseUrl() + "/admin/api/2024-10/products.json?limit=250&page_info=eyJsYXN0X2lkIjoyfQ";
        api.stubFor(get(urlPathEqualTo("/admin/api/2024-10/products.json")).withQueryParam("page_info", absent()).willReturn(okJson("""
                {"products": [{"id": 1, "title": "Hat"}, {"id": 2, "title": "Scarf"}]}""")
                .withHeader("Link", "<" + next + ">; rel=\"next\"").withHeader("X-Shopify-Shop-Api-Call-Limit", "39/40")));
        api.stubFor(get(urlPathEqualTo("/admin/api/2024-10/products.json")).withQueryParam("page_info", equalTo("eyJsYXN0X2lkIjoyfQ"))
                .inScenario("bucket").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("drained")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0.3").withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\": \"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}")));
        api.stubFor(get(urlPathEqualTo("/admin/api/2024-10/products.json")).withQueryParam("page_info", equalTo("eyJsYXN0X2lkIjoyfQ"))
                .inScenario("bucket").whenScenarioStateIs("drained")
                .willReturn(okJson("{\"products\": [{\"id\": 3, \"title\": \"Gloves\"}]}").withHeader("X-Shopify-Shop-Api-Call-Limit", "1/40")));
        ConnectionClient shopify = files.client("shopify", """
                kind: Connection
                name: shopify
                connector: shopify
                config: { baseUrl: "%s/admin/api/2024-10" }
                secrets: { accessToken: "${env:SHOPIFY_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("SHOPIFY_TOKEN", "shpat_abc123"));

        assertThat(SaasExampleFiles.ids(shopify.readStream("products", ReadOptions.full(CallContext.of("shopify"))))).containsExactly("1", "2", "3");
        api.verify(3, getRequestedFor(urlPathEqualTo("/admin/api/2024-10/products.json")).withHeader("X-Shopify-Access-Token", equalTo("shpat_abc123")));
        // the page_info URL as Shopify gave it: limit and page_info only, nothing added
        api.verify(2, getRequestedFor(urlPathEqualTo("/admin/api/2024-10/products.json")).withQueryParam("page_info", equalTo("eyJsYXN0X2lkIjoyfQ"))
                .withQueryParam("limit", equalTo("250")));
    }

    @Test
    void shopifyGraphQlProductsPageByPageInfoAThrottledQueryIsAskedAgainAndAMutationsUserErrorIsPermanent() throws Exception {
        String path = "/admin/api/2025-10/graphql.json";
        String cost = "\"extensions\": {\"cost\": {\"requestedQueryCost\": 102, \"actualQueryCost\": %s, \"throttleStatus\":"
                + " {\"maximumAvailable\": 1000.0, \"currentlyAvailable\": %d, \"restoreRate\": 2000.0}}}";
        api.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.variables.after", absent())).willReturn(okJson("""
                {"data": {"products": {"nodes": [{"id": "gid://shopify/Product/1", "title": "Hat", "updatedAt": "2026-12-01T10:00:00Z"},
                  {"id": "gid://shopify/Product/2", "title": "Scarf", "updatedAt": "2026-12-02T10:00:00Z"}],
                  "pageInfo": {"hasNextPage": true, "endCursor": "eyJsYXN0X2lkIjoyfQ"}}}, %s}""".formatted(cost.formatted("12", 40)))));
        // another app spent the points meanwhile: Shopify answers 200 with THROTTLED and what is left
        api.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.variables.after", equalTo("eyJsYXN0X2lkIjoyfQ")))
                .inScenario("points").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("spent")
                .willReturn(okJson("""
                        {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED",
                          "documentation": "https://shopify.dev/api/usage/rate-limits"}}], %s}""".formatted(cost.formatted("null", 3)))));
        api.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.variables.after", equalTo("eyJsYXN0X2lkIjoyfQ")))
                .inScenario("points").whenScenarioStateIs("spent").willReturn(okJson("""
                        {"data": {"products": {"nodes": [{"id": "gid://shopify/Product/3", "title": "Gloves", "updatedAt": "2026-12-03T10:00:00Z"}],
                          "pageInfo": {"hasNextPage": false, "endCursor": "eyJsYXN0X2lkIjozfQ"}}}, %s}""".formatted(cost.formatted("12", 900)))));
        api.stubFor(post(urlPathEqualTo(path)).withRequestBody(containing("tagsAdd")).willReturn(okJson("""
                {"data": {"tagsAdd": {"node": null, "userErrors": [{"field": ["id"], "message": "Product does not exist"}]}}, %s}"""
                .formatted(cost.formatted("10", 890)))));
        ConnectionClient shopify = shopifyGraphQl();

        assertThat(SaasExampleFiles.ids(shopify.readStream("products", ReadOptions.full(CallContext.of("shopify-graphql")))))
                .containsExactly("gid://shopify/Product/1", "gid://shopify/Product/2", "gid://shopify/Product/3");
        api.verify(3, postRequestedFor(urlPathEqualTo(path)).withHeader("X-Shopify-Access-Token", equalTo("shpat_abc123")));
        // a full read asks for every product: no search query in the variables
        api.verify(3, postRequestedFor(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.variables.query", absent())));
        // an incremental one asks for what changed since its checkpoint, in Shopify's search syntax
        api.resetRequests();
        SaasExampleFiles.ids(shopify.readStream("products", new ReadOptions("2026-12-02T10:00:00Z", CallContext.of("shopify-graphql"))));
        api.verify(postRequestedFor(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.variables.query", equalTo("updated_at:>='2026-12-02T10:00:00Z'"))));

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> shopify.call("addProductTags",
                List.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"id\": \"gid://shopify/Product/404\", \"tags\": [\"summer\"]}")), CallContext.of("shopify-graphql")));
        assertThat(refused).isInstanceOf(dev.junction.http.ApiException.class).hasMessageContaining("Product does not exist");
        assertThat(((dev.junction.http.ApiException) refused).error().category()).isEqualTo(dev.junction.http.ApiError.Category.PERMANENT);
    }

    private ConnectionClient shopifyGraphQl() {
        return files.client("shopify-graphql", """
                kind: Connection
                name: shopify-graphql
                connector: shopify-graphql
                config: { shopUrl: "%s" }
                secrets: { accessToken: "${env:SHOPIFY_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("SHOPIFY_TOKEN", "shpat_abc123"));
    }

    @Test
    void shopifyBulkOperationResultsAreReadFromTheSignedLinkWithoutTheAccessToken() throws Exception {
        String path = "/admin/api/2025-10/graphql.json";
        String operation = "gid://shopify/BulkOperation/720918";
        api.stubFor(post(urlPathEqualTo(path)).withRequestBody(containing("bulkOperationRunQuery")).willReturn(okJson("""
                {"data": {"bulkOperationRunQuery": {"bulkOperation": {"id": "%s", "status": "CREATED"}, "userErrors": []}}}""".formatted(operation))));
        // the link is on another origin (127.0.0.1 where the shop is localhost), as Google Cloud Storage is for a shop
        String link = api.baseUrl().replace("localhost", "127.0.0.1") + "/bulk/720918.jsonl?X-Goog-Algorithm=GOOG4-RSA-SHA256"
                + "\\u0026X-Goog-Expires=604800\\u0026X-Goog-Signature=8d1f0b2c3a4e";
        api.stubFor(post(urlPathEqualTo(path)).withRequestBody(containing("node(id:")).willReturn(okJson("""
                {"data": {"node": {"status": "COMPLETED", "errorCode": null, "objectCount": "2", "url": "%s"}}}""".formatted(link))));
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(gzipped)) {
            zip.write("""
                    {"id":"gid://shopify/Product/1","title":"Hat","updatedAt":"2026-12-03T10:00:00Z"}
                    {"id":"gid://shopify/Product/2","title":"Scarf","updatedAt":"2026-12-04T10:00:00Z"}
                    """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        api.stubFor(get(urlPathEqualTo("/bulk/720918.jsonl")).withQueryParam("X-Goog-Signature", equalTo("8d1f0b2c3a4e"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/jsonl").withBody(gzipped.toByteArray())));
        ConnectionClient shopify = shopifyGraphQl();

        assertThat(SaasExampleFiles.ids(shopify.readStream("productsBulk", new ReadOptions("2026-12-02T10:00:00Z", CallContext.of("shopify-graphql")))))
                .containsExactly("gid://shopify/Product/1", "gid://shopify/Product/2");
        // the bulk query asks for what changed since the checkpoint, in Shopify's search syntax, inside a GraphQL block string
        api.verify(postRequestedFor(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.query",
                containing("bulkOperationRunQuery(query: \"\"\"{ products(query: \"updated_at:>='2026-12-02T10:00:00Z'\") { edges { node { id title"))));
        api.verify(2, postRequestedFor(urlPathEqualTo(path)).withHeader("X-Shopify-Access-Token", equalTo("shpat_abc123")));
        api.verify(getRequestedFor(urlPathEqualTo("/bulk/720918.jsonl")).withHeader("X-Shopify-Access-Token", absent()));
    }

    @Test
    void amazonOrdersCarryTheLwaTokenInItsOwnHeaderAndTheListingsReportComesFromItsDocumentsSignedLink() throws Exception {
        api.stubFor(post(urlPathEqualTo("/auth/o2/token")).willReturn(okJson("""
                {"access_token": "Atza|IwEBIA-access-1", "refresh_token": "Atzr|IwEBIB-refresh-1", "token_type": "bearer", "expires_in": 3600}""")));
        api.stubFor(get(urlPathEqualTo("/orders/v0/orders")).withQueryParam("NextToken", absent()).willReturn(okJson("""
                {"payload": {"Orders": [{"AmazonOrderId": "902-3159896-1390916", "LastUpdateDate": "2026-12-01T10:00:00Z"}], "NextToken": "2YgYW55IGNhcm5hbCBwbGVhcw=="}}""")));
        api.stubFor(get(urlPathEqualTo("/orders/v0/orders")).withQueryParam("NextToken", equalTo("2YgYW55IGNhcm5hbCBwbGVhcw==")).willReturn(okJson("""
                {"payload": {"Orders": [{"AmazonOrderId": "902-8745147-1934268", "LastUpdateDate": "2026-12-02T10:00:00Z"}]}}""")));
        api.stubFor(post(urlPathEqualTo("/reports/2021-06-30/reports")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"reportId\": \"ID323\"}")));
        api.stubFor(get(urlPathEqualTo("/reports/2021-06-30/reports/ID323")).willReturn(okJson("""
                {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "processingStatus": "DONE", "reportId": "ID323",
                 "reportDocumentId": "amzn1.spdoc.1.4.eu.0e3c8a8b-0000"}""")));
        // the document's link is on another origin (127.0.0.1 where the API is localhost), as S3 is for the API
        String link = api.baseUrl().replace("localhost", "127.0.0.1") + "/tortuga-prod-eu/doc.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAEXAMPLE%2F20261208%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=9f2c0a7e";
        api.stubFor(get(urlPathEqualTo("/reports/2021-06-30/documents/amzn1.spdoc.1.4.eu.0e3c8a8b-0000")).willReturn(okJson("""
                {"reportDocumentId": "amzn1.spdoc.1.4.eu.0e3c8a8b-0000", "compressionAlgorithm": "GZIP", "url": "%s"}""".formatted(link))));
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(gzipped)) {
            zip.write("item-name\tlisting-id\tseller-sku\tprice\nWool hat, \"classic\"\t1201X2Y3Z4\tHAT-1\t19.50\n55\" TV\t1201X2Y3Z5\tTV-55\t499.00\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        api.stubFor(get(urlPathEqualTo("/tortuga-prod-eu/doc.txt")).withQueryParam("X-Amz-Signature", equalTo("9f2c0a7e"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "binary/octet-stream").withBody(gzipped.toByteArray())));
        ConnectionClient amazon = files.client("amazon-sp-api", """
                kind: Connection
                name: amazon-sp-api
                connector: amazon-sp-api
                config: { endpoint: "%1$s", tokenUrl: "%1$s/auth/o2/token", marketplaceId: A1PA6795UKMFR9, clientId: "amzn1.application-oa2-client.1" }
                secrets: { clientSecret: "${env:LWA_CLIENT_SECRET}", refreshToken: "${env:LWA_REFRESH_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("LWA_CLIENT_SECRET", "lwa-secret", "LWA_REFRESH_TOKEN", "Atzr|IwEBIB-refresh-1"));

        List<String> orders = new java.util.ArrayList<>();
        amazon.readStream("orders", ReadOptions.full(CallContext.of("amazon-sp-api")))
                .forEachRemaining(page -> page.records().forEach(r -> orders.add(r.path("AmazonOrderId").asText())));
        List<String> listings = new java.util.ArrayList<>();
        amazon.readStream("listings", ReadOptions.full(CallContext.of("amazon-sp-api")))
                .forEachRemaining(page -> page.records().forEach(r -> listings.add(r.path("seller-sku").asText() + " " + r.path("item-name").asText())));

        assertThat(orders).containsExactly("902-3159896-1390916", "902-8745147-1934268");
        // a first run reads from start; the token in x-amz-access-token alone
        api.verify(getRequestedFor(urlPathEqualTo("/orders/v0/orders")).withQueryParam("LastUpdatedAfter", equalTo("2020-01-01T00:00:00Z"))
                .withQueryParam("MarketplaceIds", equalTo("A1PA6795UKMFR9")).withHeader("x-amz-access-token", equalTo("Atza|IwEBIA-access-1"))
                .withHeader("Authorization", absent()));
        assertThat(listings).containsExactly("HAT-1 Wool hat, \"classic\"", "TV-55 55\" TV");
        api.verify(postRequestedFor(urlPathEqualTo("/reports/2021-06-30/reports")).withRequestBody(equalToJson("""
                {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": ["A1PA6795UKMFR9"]}""")));
        api.verify(getRequestedFor(urlPathEqualTo("/tortuga-prod-eu/doc.txt")).withHeader("x-amz-access-token", absent()));
    }

    @Test
    void salesforceAccountsComeFromABulkQueryJobReadPageByPageAndAnAccountIsUpdatedWithoutItsId() throws Exception {
        String jobs = "/services/data/v62.0/jobs/query";
        api.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(okJson("""
                {"access_token": "00DHn000000abcd!AQ4AQFx.sf-access-1", "instance_url": "%s", "id": "https://login.salesforce.com/id/00DHn/005Hn",
                 "token_type": "Bearer", "issued_at": "1765101600000", "signature": "c2lnbmF0dXJl"}""".formatted(api.baseUrl()))));
        api.stubFor(post(urlPathEqualTo(jobs)).willReturn(okJson("""
                {"id": "750R0000000zlh9IAA", "operation": "query", "object": "Account", "createdById": "005Hn", "state": "UploadComplete",
                 "concurrencyMode": "Parallel", "contentType": "CSV", "apiVersion": 62.0, "lineEnding": "LF", "columnDelimiter": "COMMA"}""")));
        api.stubFor(get(urlPathEqualTo(jobs + "/750R0000000zlh9IAA")).willReturn(okJson("""
                {"id": "750R0000000zlh9IAA", "operation": "query", "object": "Account", "state": "JobComplete", "numberRecordsProcessed": 3,
                 "retries": 0, "totalProcessingTime": 334}""")));
        api.stubFor(get(urlPathEqualTo(jobs + "/750R0000000zlh9IAA/results")).withQueryParam("locator", absent()).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/csv").withHeader("Sforce-Locator", "MjAwMDAw").withHeader("Sforce-NumberOfRecords", "2")
                .withBody("\"Id\",\"Name\",\"Industry\",\"Website\",\"SystemModstamp\"\n"
                        + "\"001Hn00001AbCdE\",\"Acme\",\"Manufacturing\",\"acme.example\",\"2026-12-01T10:00:00.000Z\"\n"
                        + "\"001Hn00001AbCdF\",\"Globex\",\"\",\"\",\"2026-12-02T10:00:00.000Z\"\n")));
        api.stubFor(get(urlPathEqualTo(jobs + "/750R0000000zlh9IAA/results")).withQueryParam("locator", equalTo("MjAwMDAw")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/csv").withHeader("Sforce-Locator", "null").withHeader("Sforce-NumberOfRecords", "1")
                .withBody("\"Id\",\"Name\",\"Industry\",\"Website\",\"SystemModstamp\"\n"
                        + "\"001Hn00001AbCdG\",\"Initech\",\"Technology\",\"initech.example\",\"2026-12-03T10:00:00.000Z\"\n")));
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo("/services/data/v62.0/sobjects/Account/001Hn00001AbCdE"))
                .willReturn(aResponse().withStatus(204)));
        ConnectionClient salesforce = files.client("salesforce", """
                kind: Connection
                name: salesforce
                connector: salesforce
                config: { instanceUrl: "%s", clientId: "3MVG9sf-consumer-key" }
                secrets: { clientSecret: "${env:SALESFORCE_CLIENT_SECRET}" }
                """.formatted(api.baseUrl()), Map.of("SALESFORCE_CLIENT_SECRET", "sf-consumer-secret"));

        List<String> ids = new java.util.ArrayList<>();
        salesforce.readStream("accounts", new ReadOptions("2026-11-30T00:00:00.000Z", CallContext.of("salesforce")))
                .forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("Id").asText())));
        assertThat(ids).containsExactly("001Hn00001AbCdE", "001Hn00001AbCdF", "001Hn00001AbCdG");
        api.verify(1, postRequestedFor(urlPathEqualTo("/services/oauth2/token")).withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=3MVG9sf-consumer-key")).withRequestBody(containing("client_secret=sf-consumer-secret")));
        api.verify(1, postRequestedFor(urlPathEqualTo(jobs)).withHeader("Authorization", equalTo("Bearer 00DHn000000abcd!AQ4AQFx.sf-access-1"))
                .withRequestBody(equalToJson("""
                        {"operation": "query", "query": "SELECT Id, Name, Industry, Website, SystemModstamp FROM Account WHERE SystemModstamp >= 2026-11-30T00:00:00.000Z"}""")));
        api.verify(2, getRequestedFor(urlPathEqualTo(jobs + "/750R0000000zlh9IAA/results")).withQueryParam("maxRecords", equalTo("50000")));

        // contacts through the REST query API: the checkpoint (less the lookback) inside the SOQL, the next page at nextRecordsUrl
        api.stubFor(get(urlPathEqualTo("/services/data/v62.0/query")).willReturn(okJson("""
                {"totalSize": 2, "done": false, "nextRecordsUrl": "/services/data/v62.0/query/01gHn00000AbCdE-2000", "records": [
                  {"attributes": {"type": "Contact"}, "Id": "003Hn00001", "LastName": "Lovelace", "SystemModstamp": "2026-12-01T10:00:00.000+0000"}]}""")));
        api.stubFor(get(urlPathEqualTo("/services/data/v62.0/query/01gHn00000AbCdE-2000")).willReturn(okJson("""
                {"totalSize": 2, "done": true, "records": [
                  {"attributes": {"type": "Contact"}, "Id": "003Hn00002", "LastName": "Hopper", "SystemModstamp": "2026-12-02T10:00:00.000+0000"}]}""")));
        List<String> contacts = new java.util.ArrayList<>();
        new dev.junction.runtime.internal.StreamSource(salesforce, SaasExampleFiles.connector("salesforce").streams().get("contacts"), "default",
                java.time.Clock.systemUTC()).open("2026-11-30T10:00:00.000+0000", null).nextPage().forEach(r -> contacts.add(r.path("Id").asText()));
        assertThat(contacts).containsExactly("003Hn00001");
        api.verify(getRequestedFor(urlPathEqualTo("/services/data/v62.0/query")).withQueryParam("q", equalTo("SELECT Id, FirstName, LastName,"
                + " Email, AccountId, SystemModstamp FROM Contact WHERE SystemModstamp > 2026-11-30T09:55:00Z ORDER BY SystemModstamp")));
        assertThat(SaasExampleFiles.ids(salesforce.readStream("contacts", ReadOptions.full(CallContext.of("salesforce"))))).hasSize(2);
        api.verify(getRequestedFor(urlPathEqualTo("/services/data/v62.0/query")).withQueryParam("q", containing("> 2000-01-01T00:00:00Z")));

        salesforce.call("updateAccount", List.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"Id": "001Hn00001AbCdE", "Name": "Acme Corporation", "Website": "acme.example"}""")), CallContext.of("salesforce"));
        api.verify(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathEqualTo("/services/data/v62.0/sobjects/Account/001Hn00001AbCdE"))
                .withRequestBody(equalToJson("{\"Name\": \"Acme Corporation\", \"Website\": \"acme.example\"}")));
    }

    @Test
    void zoomUsersAreReadWithAnHoursTokenFromItsAccountCredentialsGrantAndPagedByNextPageToken() {
        api.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson("""
                {"access_token": "eyJzm.zoom-access-1", "token_type": "bearer", "expires_in": 3599, "scope": "user:read:list_users:admin",
                 "api_url": "https://api.zoom.us"}""")));
        api.stubFor(get(urlPathEqualTo("/v2/users")).withQueryParam("next_page_token", absent()).willReturn(okJson("""
                {"page_count": 2, "page_number": 1, "page_size": 300, "total_records": 3, "next_page_token": "Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3",
                 "users": [{"id": "z8yAAAAA8bbbQ", "email": "ada@example.com", "type": 2, "status": "active"},
                           {"id": "z8yBBBBB8cccQ", "email": "grace@example.com", "type": 1, "status": "active"}]}""")));
        api.stubFor(get(urlPathEqualTo("/v2/users")).withQueryParam("next_page_token", equalTo("Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3")).willReturn(okJson("""
                {"page_count": 2, "page_number": 2, "page_size": 300, "total_records": 3, "next_page_token": "",
                 "users": [{"id": "z8yCCCCC8dddQ", "email": "ops@example.com", "type": 1, "status": "active"}]}""")));
        ConnectionClient zoom = files.client("zoom", """
                kind: Connection
                name: zoom
                connector: zoom
                config: { baseUrl: "%1$s/v2", tokenUrl: "%1$s/oauth/token", accountId: "Kq3-acc_42", clientId: zoom-client-id }
                secrets: { clientSecret: "${env:ZOOM_CLIENT_SECRET}" }
                """.formatted(api.baseUrl()), Map.of("ZOOM_CLIENT_SECRET", "zoom-client-secret"));

        assertThat(SaasExampleFiles.ids(zoom.readStream("users", ReadOptions.full(CallContext.of("zoom")))))
                .containsExactly("z8yAAAAA8bbbQ", "z8yBBBBB8cccQ", "z8yCCCCC8dddQ");
        api.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withHeader("Authorization", equalTo("Basic " + java.util.Base64.getEncoder().encodeToString("zoom-client-id:zoom-client-secret".getBytes())))
                .withRequestBody(equalTo("grant_type=account_credentials&account_id=Kq3-acc_42")));
        api.verify(2, getRequestedFor(urlPathEqualTo("/v2/users")).withHeader("Authorization", equalTo("Bearer eyJzm.zoom-access-1"))
                .withQueryParam("status", equalTo("active")).withQueryParam("page_size", equalTo("300")));
    }
}
