package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Connections;
import dev.junction.engine.EngineException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.PipelineListener;
import dev.junction.http.internal.ClientAuthentication;
import dev.junction.http.internal.TokenAnswer;
import dev.junction.json.JsonPath;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.template.Template;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provider calls of one connection in the connect flow — discovery, the code exchange, the
 * connected account's identity, revocation — with the connector's endpoints rendered for the
 * connection's values. They go through a pipeline built from {@link Connections#pipeline} with the
 * trust the connection has (or will have), so a tenant's connection cannot make the flow reach a
 * private or metadata address, and every call is in the exchange log with the client secret, the
 * code, the PKCE verifier and every token redacted. Close it to release the pipeline.
 */
public final class ConnectCalls implements AutoCloseable {
    private final ConnectPlan plan;
    private final AuthSpec.OAuth2 oauth;
    private final Map<String, String> config;
    private final Map<String, String> secrets;
    private final OAuthCalls calls;
    private OAuthCalls.Discovered discovered; // read once, on first need
    private ClientAuthentication client; // made once, on first need
    private final String connection;
    private final HttpPipeline pipeline;

    /**
     * @param config the connection's config (rendering the endpoints)
     * @param secrets its secret values (the client secret, stored tokens): hidden in the exchange log
     * @param hidden more values the calls carry that must never be logged (the code, the PKCE verifier)
     */
    public ConnectCalls(Connections connections, ConnectPlan plan, Map<String, String> config, Map<String, String> secrets, String tenant,
            String connection, DefinitionTrust trust, Collection<String> hidden) {
        this.plan = plan;
        this.connection = connection;
        this.oauth = Objects.requireNonNull(plan.oauth(), "an authorization-code connector");
        this.config = config;
        this.secrets = secrets;
        List<String> secretValues = new ArrayList<>(secrets.values());
        secretValues.addAll(hidden);
        HttpPipeline pipeline = HttpPipeline.builder(connections.pipeline(PipelineListener.NONE, true)).trust(trust).secretValues(secretValues)
                .tokenResponse(plan.oauth().tokenResponse()).build();
        this.pipeline = pipeline;
        this.calls = new OAuthCalls(pipeline, new CallContext(null, tenant, connection, List.of(), false));
    }

    /** The authorization page's URL: as the connector writes it, else from its discovery document. */
    public String authorizeUrl() {
        String authorize = render(connect() == null ? null : connect().authorizeUrl(), "auth.authorizeUrl");
        authorize = authorize != null ? authorize : discovered().authorizationEndpoint();
        if (authorize == null) {
            throw new EngineException.Invalid("connector '" + plan.connector().name() + "' cannot be connected on the connect page: its auth"
                    + " (grant authorization_code) names no authorizeUrl and no discoveryUrl");
        }
        return authorize;
    }

    /** Exchanges the authorization code at the connector's token URL. */
    public OAuthCalls.Tokens exchange(String code, String redirectUri, String verifier) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        oauth.tokenParams().forEach((name, text) -> params.put(name, render(text, "auth.tokenParams." + name)));
        return calls.exchange(render(oauth.tokenUrl(), "auth.tokenUrl"), code, redirectUri, verifier, client(), params,
                TokenAnswer.of(oauth.tokenResponse()));
    }

    /**
     * Who the connected account is: the connector's {@code auth.identity} request, else the discovery
     * document's userinfo endpoint ({@code sub}; {@code email}, {@code preferred_username} or
     * {@code name}). Best effort: null when there is neither or the call fails (the connection is made
     * all the same; {@code why} gets the reason of a failure).
     */
    public ConnectionFacts.Account identity(String accessToken, java.util.function.Consumer<String> why) {
        AuthSpec.Identity declared = connect() == null ? null : connect().identity();
        try {
            if (declared != null) {
                // the connector's own request: the token where the connector sends it (Zoho's Zoho-oauthtoken, Amazon's x-amz-access-token)
                JsonNode answer = calls.identity(render(declared.path(), "auth.identity.path"), accessToken, oauth);
                return account(text(JsonPath.parse(declared.id()).find(answer)),
                        declared.name() == null ? null : text(JsonPath.parse(declared.name()).find(answer)));
            }
            String userinfo = connect() != null && connect().discoveryUrl() != null ? discovered().userinfoEndpoint() : null;
            if (userinfo == null) {
                return null;
            }
            JsonNode answer = calls.identity(userinfo, accessToken, null); // OpenID Connect's userinfo takes a bearer token
            String name = text(answer.get("email"));
            name = name != null ? name : text(answer.get("preferred_username"));
            return account(text(answer.get("sub")), name != null ? name : text(answer.get("name")));
        } catch (EngineException e) {
            why.accept(e.getMessage());
            return null;
        }
    }

    /**
     * Revokes the refresh token, then the access token (RFC 7009), when the connector names a
     * revocation endpoint (directly or by discovery).
     *
     * @return whether the endpoint revoked a token; false when there is no endpoint
     * @throws EngineException.Conflict when the endpoint cannot be reached or refuses
     */
    public boolean revoke(String refresh, String access) {
        String revokeUrl = render(connect() == null ? null : connect().revokeUrl(), "auth.revokeUrl");
        if (revokeUrl == null && connect() != null && connect().discoveryUrl() != null) {
            revokeUrl = discovered().revocationEndpoint();
        }
        if (revokeUrl == null) {
            return false;
        }
        boolean revoked = false;
        // the refresh token first: revoking it ends the grant at most providers (and with it the access tokens)
        if (refresh != null) {
            revoked = calls.revoke(revokeUrl, refresh, "refresh_token", client());
        }
        if (access != null) {
            revoked |= calls.revoke(revokeUrl, access, "access_token", client());
        }
        return revoked;
    }

    /** The client id, rendered. */
    public String clientId() {
        return render(oauth.clientId(), "auth.clientId");
    }

    /**
     * How the client authenticates to the token and revocation endpoints, its settings rendered for
     * the connection: a secret (Basic or in the form), or an assertion signed with its private key.
     *
     * @throws EngineException.Invalid when a private_key_jwt client's key or certificate cannot be read
     */
    private ClientAuthentication client() {
        if (client == null) {
            AuthSpec.OAuth2 rendered = new AuthSpec.OAuth2(oauth.grant(), oauth.tokenUrl(), oauth.clientAuth(), clientId(),
                    render(oauth.clientSecret(), "auth.clientSecret"), List.of(), null, null, null, null, null, render(oauth.privateKey(), "auth.privateKey"),
                    null, null, render(oauth.keyId(), "auth.keyId"), oauth.refreshBefore(), null, null, Map.of(),
                    render(oauth.assertionAudience(), "auth.assertionAudience"), render(oauth.certificate(), "auth.certificate"), null,
                    optional(oauth.passphrase(), "auth.passphrase"));
            try {
                client = ClientAuthentication.of(rendered, Clock.systemUTC(), pipeline::hideSecret);
            } catch (IllegalArgumentException e) {
                throw new EngineException.Invalid("connection '" + connection + "': " + e.getMessage());
            }
        }
        return client;
    }

    private AuthSpec.Connect connect() {
        return oauth.connect();
    }

    private OAuthCalls.Discovered discovered() {
        if (discovered == null) {
            String url = render(connect() == null ? null : connect().discoveryUrl(), "auth.discoveryUrl");
            discovered = url == null ? new OAuthCalls.Discovered(null, null, null, null) : calls.discover(url);
        }
        return discovered;
    }

    private String render(String template, String what) {
        return plan.render(template, config, secrets, what);
    }

    /** The rendered template, or null when it names only secrets the connection does not give (a passphrase of a key that has none). */
    private String optional(String template, String what) {
        java.util.Set<String> variables = template == null ? java.util.Set.of() : Template.parse(template).variables();
        if (template == null || !variables.isEmpty() && variables.stream().allMatch(v -> v.startsWith("secrets.") && secrets.get(v.substring(8)) == null)) {
            return null;
        }
        return render(template, what);
    }

    private static ConnectionFacts.Account account(String id, String name) {
        return id == null && name == null ? null : new ConnectionFacts.Account(id, name);
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.isContainerNode() || node.asText().isBlank() ? null : node.asText();
    }

    @Override
    public void close() {
        calls.close();
    }
}
