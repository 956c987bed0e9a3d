package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** SOAP 1.1 and 1.2 streams and actions declared in YAML, against WireMock: envelopes, pagination, WS-Security and faults. */
class SoapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String PASSWORD = "s3cret&<pass>";

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final TestPeers.CollectingSink sink = new TestPeers.CollectingSink();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private static final String ORDERS = """
            streams:
              orders:
                request: { path: /OrderService }
                soap:
                  action: "urn:ListOrders"
                  body: '<ord:ListOrders xmlns:ord="urn:orders"><ord:page>{{ page }}</ord:page><ord:size>{{ size }}</ord:size></ord:ListOrders>'
                records: ListOrdersResponse.orders.order
                primaryKey: id
                pagination: { type: page, start: 1, size: 2, stopOn: short }
            """;

    private static final String SAVE = """
            actions:
              saveCustomer:
                request: { path: /CustomerService }
                soap:
                  action: "urn:SaveCustomer"
                  body: '<c:SaveCustomer xmlns:c="urn:customers"><c:id>{{ record.id }}</c:id><c:name>{{ record.name }}</c:name></c:SaveCustomer>'
            """;

    private static LoadResult load(String soap, String operations) {
        return new SpecLoader().loadTexts(List.of(new SourceText("erp.yaml", """
                kind: Connector
                name: erp
                baseUrl: %s
                secrets: { user: {}, password: {} }
                retry: { maxAttempts: 3, initialDelay: 1ms, maxDelay: 2ms }
                %s
                """.formatted(server.baseUrl(), soap) + operations), new SourceText("conn.yaml", """
                kind: Connection
                name: erp-prod
                connector: erp
                secrets: { user: "${env:SOAP_USER}", password: "${env:SOAP_PASSWORD}" }
                """)));
    }

    private ConnectionClient client(String soap, String operations) {
        LoadResult result = load(soap, operations);
        assertThat(result.problems()).isEmpty();
        var options = PipelineOptions.builder().exchangeSink(sink).sleeper(new TestPeers.RecordingSleeper()).build();
        var client = ConnectionClient.create(result.connectors().get("erp"), result.connections().get("erp-prod"),
                new EnvSecretResolver(Map.of("SOAP_USER", "ada", "SOAP_PASSWORD", PASSWORD)::get), options);
        clients.add(client);
        return client;
    }

    private static CallContext context() {
        return new CallContext("run-1", null, null, List.of(), true);
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("id").asText())));
        return ids;
    }

    private static String envelope11(String body) {
        return "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP11 + "\"><soapenv:Header/><soapenv:Body>" + body
                + "</soapenv:Body></soapenv:Envelope>";
    }

    private static String envelope12(String body) {
        return "<env:Envelope xmlns:env=\"" + SOAP12 + "\"><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    private static String orders(String... ids) {
        StringBuilder out = new StringBuilder("<o:ListOrdersResponse xmlns:o=\"urn:orders\"><o:orders>");
        for (String id : ids) {
            out.append("<o:order id=\"").append(id).append("\"><o:total>9.50</o:total></o:order>");
        }
        return out.append("</o:orders></o:ListOrdersResponse>").toString();
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element only(Document document, String namespace, String name) {
        assertThat(document.getElementsByTagNameNS(namespace, name).getLength()).as(name).isEqualTo(1);
        return (Element) document.getElementsByTagNameNS(namespace, name).item(0);
    }

    @Test
    void aSoap11StreamPostsTheEnvelopeAndPagesByPageNumberInTheBody() throws Exception {
        server.stubFor(post(urlEqualTo("/OrderService")).withRequestBody(containing("<ord:page>1</ord:page>"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(envelope11(orders("1", "2")))));
        server.stubFor(post(urlEqualTo("/OrderService")).withRequestBody(containing("<ord:page>2</ord:page>"))
                .willReturn(aResponse().withStatus(200).withBody(envelope11(orders("3")))));

        var reader = client("", ORDERS).readStream("orders", ReadOptions.full(context()));
        Page first = reader.next();

        assertThat(first.records().get(0)).isEqualTo(JSON.readTree("{\"id\":\"1\",\"total\":\"9.50\"}"));
        assertThat(ids(reader)).containsExactly("3");
        server.verify(2, postRequestedFor(urlEqualTo("/OrderService")) // no pagination parameters left in the URL
                .withHeader("Content-Type", equalToIgnoreCase("text/xml; charset=utf-8")).withHeader("SOAPAction", equalTo("\"urn:ListOrders\"")));
        LoggedRequest sent = server.findAll(postRequestedFor(urlEqualTo("/OrderService"))).get(0);
        Document envelope = xml(sent.getBodyAsString());
        assertThat(envelope.getDocumentElement().getNamespaceURI()).isEqualTo(SOAP11);
        assertThat(envelope.getDocumentElement().getLocalName()).isEqualTo("Envelope");
        assertThat(only(envelope, "urn:orders", "size").getTextContent()).isEqualTo("2");
        assertThat(envelope.getElementsByTagNameNS(SOAP11, "Header").getLength()).isZero();
    }

    @Test
    void aSoap12StreamPagesWithACursorAndSendsTheCheckpoint() throws Exception {
        String stream = """
                streams:
                  orders:
                    request: { path: /v2/OrderService }
                    soap:
                      action: "urn:ListOrders"
                      body: |
                        <ord:ListOrders xmlns:ord="urn:orders">
                          <ord:after>{{ cursor }}</ord:after>
                          <ord:changedSince>{{ since }}</ord:changedSince>
                        </ord:ListOrders>
                    records: ListOrdersResponse.orders.order
                    primaryKey: id
                    incremental: { cursorField: changed }
                    pagination: { type: cursor, nextPath: ListOrdersResponse.next }
                """;
        server.stubFor(post(urlEqualTo("/v2/OrderService")).withRequestBody(containing("<ord:after></ord:after>"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml")
                        .withBody(envelope12(orders("1", "2").replace("</o:orders>", "</o:orders><o:next>c&amp;2</o:next>")))));
        server.stubFor(post(urlEqualTo("/v2/OrderService")).withRequestBody(containing("<ord:after>c&amp;2</ord:after>"))
                .willReturn(aResponse().withStatus(200).withBody(envelope12(orders("3")))));

        var reader = client("soap: { version: 1.2 }", stream).readStream("orders", new ReadOptions("2026-01-01T00:00:00Z", context()));

        assertThat(ids(reader)).containsExactly("1", "2", "3");
        server.verify(2, postRequestedFor(urlEqualTo("/v2/OrderService"))
                .withHeader("Content-Type", equalTo("application/soap+xml; charset=utf-8; action=\"urn:ListOrders\""))
                .withRequestBody(containing("<ord:changedSince>2026-01-01T00:00:00Z</ord:changedSince>")));
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/v2/OrderService"))).get(0).containsHeader("SOAPAction")).isFalse();
        assertThat(xml(server.findAll(postRequestedFor(urlEqualTo("/v2/OrderService"))).get(0).getBodyAsString())
                .getDocumentElement().getNamespaceURI()).isEqualTo(SOAP12);
    }

    @Test
    void anActionSendsOneEnvelopePerRecordWithEscapedValues() throws Exception {
        server.stubFor(post(urlEqualTo("/CustomerService")).willReturn(aResponse().withStatus(200)
                .withBody(envelope11("<c:SaveCustomerResponse xmlns:c=\"urn:customers\"><c:ok>true</c:ok></c:SaveCustomerResponse>"))));

        ActionResult result = client("", SAVE).call("saveCustomer", List.of(JSON.createObjectNode().put("id", 7).put("name", "Ada & <Co>")),
                context());

        assertThat(result.outcomes()).containsExactly(RecordOutcome.success(false));
        Document sent = xml(server.findAll(postRequestedFor(urlEqualTo("/CustomerService"))).get(0).getBodyAsString());
        assertThat(only(sent, "urn:customers", "id").getTextContent()).isEqualTo("7");
        assertThat(only(sent, "urn:customers", "name").getTextContent()).isEqualTo("Ada & <Co>");
        server.verify(postRequestedFor(urlEqualTo("/CustomerService")).withHeader("SOAPAction", equalTo("\"urn:SaveCustomer\"")));
    }

    @Test
    void aUsernameTokenDigestVerifiesAndEveryAttemptGetsAFreshNonce() throws Exception {
        server.stubFor(post(urlEqualTo("/CustomerService")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                .willReturn(aResponse().withStatus(500).withBody(envelope11(
                        "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Busy</faultstring></soapenv:Fault>"))));
        server.stubFor(post(urlEqualTo("/CustomerService")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200).withBody(envelope11("<ok/>"))));
        String security = """
                soap:
                  security: { username: "{{ secrets.user }}", password: "{{ secrets.password }}", passwordType: PasswordDigest }
                """;

        client(security, SAVE).call("saveCustomer", List.of(JSON.createObjectNode().put("id", 1).put("name", "x")), context());

        List<LoggedRequest> sent = server.findAll(postRequestedFor(urlEqualTo("/CustomerService")));
        assertThat(sent).hasSize(2);
        List<String> nonces = new ArrayList<>();
        for (LoggedRequest request : sent) {
            Document envelope = xml(request.getBodyAsString());
            Element header = only(envelope, SOAP11, "Header");
            Element securityElement = only(envelope, WSSE, "Security");
            assertThat(securityElement.getParentNode()).isEqualTo(header);
            assertThat(securityElement.getAttributeNS(SOAP11, "mustUnderstand")).isEqualTo("1");
            assertThat(only(envelope, WSSE, "Username").getTextContent()).isEqualTo("ada");
            Element password = only(envelope, WSSE, "Password");
            assertThat(password.getAttribute("Type"))
                    .isEqualTo("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest");
            Element nonce = only(envelope, WSSE, "Nonce");
            assertThat(nonce.getAttribute("EncodingType"))
                    .isEqualTo("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary");
            String created = only(envelope, WSU, "Created").getTextContent();
            assertThat(java.time.Instant.parse(created)).isNotNull();
            byte[] nonceBytes = Base64.getDecoder().decode(nonce.getTextContent());
            assertThat(nonceBytes).hasSize(16);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonceBytes);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(PASSWORD.getBytes(StandardCharsets.UTF_8));
            assertThat(password.getTextContent()).isEqualTo(Base64.getEncoder().encodeToString(sha1.digest()));
            nonces.add(nonce.getTextContent());
            assertThat(request.getBodyAsString()).doesNotContain("s3cret");
        }
        assertThat(nonces).doesNotHaveDuplicates();
        assertThat(sink.exchanges).hasSize(2); // the logged request is the one sent, token included
        assertThat(sink.exchanges.get(1).requestBody()).contains("<wsse:Nonce").contains(nonces.get(1));
    }

    @Test
    void aPasswordTextTokenCarriesThePasswordAndTheExchangeLogRedactsIt() throws Exception {
        server.stubFor(post(urlEqualTo("/CustomerService")).willReturn(aResponse().withStatus(200).withBody(envelope11("<ok/>"))));
        String security = """
                soap:
                  version: "1.2"
                  security: { username: "{{ secrets.user }}", password: "{{ secrets.password }}", passwordType: PasswordText }
                """;

        client(security, SAVE).call("saveCustomer", List.of(JSON.createObjectNode().put("id", 1).put("name", "x")), context());

        Document envelope = xml(server.findAll(postRequestedFor(urlEqualTo("/CustomerService"))).get(0).getBodyAsString());
        Element password = only(envelope, WSSE, "Password");
        assertThat(password.getTextContent()).isEqualTo(PASSWORD);
        assertThat(password.getAttribute("Type")).endsWith("#PasswordText");
        assertThat(only(envelope, SOAP12, "Header")).isNotNull();
        String logged = sink.exchanges.get(0).requestBody();
        assertThat(logged).contains("<wsse:Password Type=").contains("[redacted]").doesNotContain("s3cret").doesNotContain("pass&gt;");
    }

    @Test
    void aClientFaultInHttp500IsAPermanentErrorWithTheFaultStringAndIsNotRetried() {
        server.stubFor(post(urlEqualTo("/CustomerService")).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/xml")
                .withBody(envelope11("<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>Customer 7 has no name</faultstring>"
                        + "<detail><e:ValidationError xmlns:e=\"urn:errors\"><e:field>name</e:field></e:ValidationError></detail></soapenv:Fault>"))));

        var error = catchThrowableOfType(ApiException.class, () -> client("", SAVE).call("saveCustomer",
                List.of(JSON.createObjectNode().put("id", 7)), context())).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.retryable()).isFalse();
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo("soap_fault");
        assertThat(error.message()).isEqualTo("POST " + server.baseUrl() + "/CustomerService failed with HTTP 500: SOAP fault soapenv:Client: Customer 7 has no name");
        assertThat(error.providerCode()).isEqualTo("soapenv:Client");
        assertThat(error.providerDetail()).startsWith("fault code soapenv:Client; detail: <e:ValidationError")
                .contains("<e:field>name</e:field>");
        server.verify(1, postRequestedFor(urlEqualTo("/CustomerService")));
    }

    @Test
    void aReceiverFaultIsRetriedAndThenTheStreamGoesOn() {
        server.stubFor(post(urlEqualTo("/OrderService")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                .willReturn(aResponse().withStatus(500).withBody(envelope12("<env:Fault><env:Code><env:Value>env:Receiver</env:Value>"
                        + "<env:Subcode><env:Value>m:Overloaded</env:Value></env:Subcode></env:Code>"
                        + "<env:Reason><env:Text xml:lang=\"en\">Try again later</env:Text></env:Reason></env:Fault>"))));
        server.stubFor(post(urlEqualTo("/OrderService")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200).withBody(envelope12(orders("1")))));

        assertThat(ids(client("soap: { version: \"1.2\" }", ORDERS).readStream("orders", ReadOptions.full(context())))).containsExactly("1");
        server.verify(2, postRequestedFor(urlEqualTo("/OrderService")));
    }

    @Test
    void aReceiverFaultThatStaysIsRetryableWithTheReasonAndCode() {
        server.stubFor(post(urlEqualTo("/OrderService")).willReturn(aResponse().withStatus(500).withBody(envelope12(
                "<env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text>Database down</env:Text></env:Reason>"
                        + "<env:Detail>db-17</env:Detail></env:Fault>"))));

        var error = catchThrowableOfType(ApiException.class,
                () -> client("soap: { version: \"1.2\" }", ORDERS).readStream("orders", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(error.message()).isEqualTo("POST " + server.baseUrl() + "/OrderService still failed with HTTP 500 after 3 attempts: SOAP fault env:Receiver: Database down");
        assertThat(error.providerDetail()).isEqualTo("fault code env:Receiver; detail: db-17");
        server.verify(3, postRequestedFor(urlEqualTo("/OrderService")));
    }

    @Test
    void aFaultInHttp200IsAnErrorToo() {
        server.stubFor(post(urlEqualTo("/OrderService")).willReturn(aResponse().withStatus(200).withBody(envelope11(
                "<soapenv:Fault><faultcode>soapenv:Client.Validation</faultcode><faultstring>page must be positive</faultstring></soapenv:Fault>"))));

        var error = catchThrowableOfType(ApiException.class,
                () -> client("", ORDERS).readStream("orders", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).isEqualTo("POST " + server.baseUrl() + "/OrderService answered HTTP 200 with an error: SOAP fault soapenv:Client.Validation: page must be positive");
        assertThat(error.providerCode()).isEqualTo("soapenv:Client.Validation");
        server.verify(1, postRequestedFor(urlEqualTo("/OrderService")));
    }

    @Test
    void aWsSecurityAuthenticationFaultIsAnAuthError() {
        server.stubFor(post(urlEqualTo("/OrderService")).willReturn(aResponse().withStatus(500).withBody(envelope11(
                "<soapenv:Fault xmlns:wsse=\"" + WSSE + "\"><faultcode>wsse:FailedAuthentication</faultcode>"
                        + "<faultstring>The security token could not be authenticated</faultstring></soapenv:Fault>"))));

        var error = catchThrowableOfType(ApiException.class,
                () -> client("", ORDERS).readStream("orders", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.AUTH);
        server.verify(1, postRequestedFor(urlEqualTo("/OrderService")));
    }

    @Test
    void errorRulesOfTheConnectorDecideBeforeTheFaultCode() {
        server.stubFor(post(urlEqualTo("/OrderService")).willReturn(aResponse().withStatus(500).withBody(envelope11(
                "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Quota exceeded for today</faultstring></soapenv:Fault>"))));

        var error = catchThrowableOfType(ApiException.class, () -> client("errors: [ { when: { bodyMatches: \"Quota exceeded\" }, as: permanent } ]",
                ORDERS).readStream("orders", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        server.verify(1, postRequestedFor(urlEqualTo("/OrderService")));
    }

    @Test
    void aMalformedBodyNamesTheStreamAndPage() {
        server.stubFor(post(urlEqualTo("/OrderService")).withRequestBody(containing("<ord:page>1</ord:page>"))
                .willReturn(aResponse().withStatus(200).withBody(envelope11(orders("1", "2")))));
        server.stubFor(post(urlEqualTo("/OrderService")).withRequestBody(containing("<ord:page>2</ord:page>"))
                .willReturn(aResponse().withStatus(200).withBody("<soapenv:Envelope xmlns:soapenv=\"" + SOAP11 + "\">\n<soapenv:Body><o:x></soapenv:Body>")));
        var reader = client("", ORDERS).readStream("orders", ReadOptions.full(context()));
        reader.next();

        var error = catchThrowableOfType(ApiException.class, reader::next).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).startsWith("stream 'orders' page 2: the response is not XML (line 2, column");
    }

    @Test
    void aBodyWithoutAnEnvelopeIsAnError() {
        server.stubFor(post(urlEqualTo("/OrderService")).willReturn(aResponse().withStatus(200).withBody("<orders><order id=\"1\"/></orders>")));

        var error = catchThrowableOfType(ApiException.class,
                () -> client("", ORDERS).readStream("orders", ReadOptions.full(context())).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: expected a SOAP envelope (Envelope with a Body) but found an element holding order");
    }

    @Test
    void specProblemsAreReportedWhereTheyAre() {
        LoadResult result = load("""
                soap:
                  version: "1.3"
                  security: { username: ada, password: literal, passwordType: Digest }
                """, """
                streams:
                  orders:
                    request: { path: /OrderService }
                    soap: { action: "urn:ListOrders" }
                    records: order
                    primaryKey: id
                  paged:
                    request: { path: /OrderService, body: "{}" }
                    soap: { body: "<ord:List><ord:n>{{ page }}</ord:n></ord:List>", actoin: x }
                    records: order
                    primaryKey: id
                    format: xml
                    pagination: { type: offset, limit: 10 }
                actions:
                  save:
                    request: { path: /CustomerService }
                    soap: { body: "<c:Save xmlns:c='urn:c'>{{ record.id }}{{ secrets.password }}</c:Save>" }
                    batch: { maxRecords: 10 }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "erp.yaml:7:12 soap.version: '1.3' is not one of 1.1, 1.2",
                "erp.yaml:8:40 soap.security.password: expected a reference to a declared secret such as \"{{ secrets.password }}\"; "
                        + "credentials come from each connection's secrets, never from the connector",
                "erp.yaml:8:63 soap.security.passwordType: 'Digest' is not one of PasswordDigest, PasswordText",
                "erp.yaml:13:5 streams.orders.soap: missing required key 'body' (the operation element of the envelope's Body, "
                        + "such as <m:GetOrders xmlns:m=\"urn:orders\"/>)",
                "erp.yaml:18:11 streams.paged.soap: a SOAP call builds its request body from soap.body; remove request.body",
                "erp.yaml:18:19 streams.paged.soap.body: unknown template variable 'page' (known: offset, limit, secrets.user, secrets.password)",
                "erp.yaml:18:19 streams.paged.soap.body: pagination asks for the next page with {{ offset }}; use it in the body, "
                        + "e.g. <offset>{{ offset }}</offset>",
                "erp.yaml:18:69 streams.paged.soap.actoin: unknown key; did you mean 'action'? (allowed: version, action, body)",
                "erp.yaml:21:13 streams.paged.format: a SOAP stream reads the XML in the envelope's Body; remove format",
                "erp.yaml:26:19 actions.save.soap.body: secret 'secrets.password' cannot be used here; secrets may appear only in auth and headers, "
                        + "so that they never show up in logged URLs",
                "erp.yaml:27:12 actions.save.batch: a SOAP action sends one record per call ({{ record.* }} in soap.body); remove batch");
    }

    @Test
    void aBodyThatIsNotWellFormedOrMissesThePagingValueIsRefused() {
        LoadResult result = load("", """
                streams:
                  orders:
                    request: { path: /OrderService }
                    soap: { body: "<ord:List><ord:page>1</ord:page></ord:List>" }
                    records: order
                    primaryKey: id
                  cursor:
                    request: { path: /OrderService }
                    soap: { body: "<List xmlns='urn:o'>{{ since }}</List>" }
                    records: order
                    primaryKey: id
                    pagination: { type: cursor, nextPath: next }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "erp.yaml:10:19 streams.orders.soap.body: not well-formed XML (line 1, column 11: The prefix \"ord\" for element \"ord:List\" "
                        + "is not bound.); write the operation element, declaring its namespace prefixes",
                "erp.yaml:15:19 streams.cursor.soap.body: unknown template variable 'since' (known: cursor, secrets.user, secrets.password)",
                "erp.yaml:15:19 streams.cursor.soap.body: pagination asks for the next page with {{ cursor }}; use it in the body, "
                        + "e.g. <cursor>{{ cursor }}</cursor>");
    }

    @Test
    void theExampleInTheDocsLoads() throws Exception {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/connectors.md"));
        String section = docs.substring(docs.indexOf("### SOAP"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));

        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("erp.yaml", yaml)));

        assertThat(result.problems()).isEmpty();
        var connector = result.connectors().get("erp");
        assertThat(connector.streams().get("invoices").soap().version()).isEqualTo(dev.junction.spec.SoapSpec.Version.V1_1);
        assertThat(connector.streams().get("orders").soap().version()).isEqualTo(dev.junction.spec.SoapSpec.Version.V1_2);
        assertThat(connector.soap().security().passwordType()).isEqualTo(dev.junction.spec.SoapSpec.PasswordType.DIGEST);
    }

    @Test
    void aRuleWithABodyPathReadsTheFaultDetailOfAnXmlBody() {
        server.stubFor(post(urlEqualTo("/OrderService")).inScenario("quota").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(500).withBody(envelope11("<soapenv:Fault><faultcode>soapenv:Client</faultcode>"
                        + "<faultstring>Quota</faultstring><detail><q:QuotaError xmlns:q=\"urn:q\"><q:retryable>true</q:retryable>"
                        + "</q:QuotaError></detail></soapenv:Fault>"))));
        server.stubFor(post(urlEqualTo("/OrderService")).inScenario("quota").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(envelope11(orders("1")))));
        String stream = ORDERS.replace("    primaryKey: id\n",
                "    primaryKey: id\n    errors: [ { when: { bodyPath: Body.Fault.detail.QuotaError.retryable, equals: \"true\" }, as: retryable } ]\n");

        assertThat(ids(client("", stream).readStream("orders", ReadOptions.full(context())))).containsExactly("1");
        server.verify(2, postRequestedFor(urlEqualTo("/OrderService")));
    }
}
