package dev.junction.server.console;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.junction.server.OidcSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The console's OpenID Connect client (Nimbus oauth2-oidc-sdk): discovery of the provider (its
 * {@code /.well-known/openid-configuration}, kept an hour, fetched again after a failure), the
 * authorization request (code flow with PKCE S256, state and nonce), the code exchange at the token
 * endpoint, and the ID token's validation — signature by a key of the provider's JWKS, issuer,
 * audience (the client id), expiry and nonce. What goes wrong is a {@link SignOnFailure} with a
 * sentence for the sign-in page; nothing of the client secret or the tokens is ever in it.
 */
final class OidcClient {
    /** How long a discovery document (and the key source made from it) is used before it is fetched again. */
    static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    /** Signature algorithms an ID token may use: asymmetric ones (an HMAC would be keyed with the client secret). */
    private static final Set<JWSAlgorithm> ASYMMETRIC = java.util.stream.Stream.of(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED)
            .flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Where to send the browser, and what the callback must check against. */
    record Start(URI authorizationUrl, String state, String nonce, String codeVerifier) {}

    private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant fetchedAt) {}

    private final OidcSettings settings;
    private final Supplier<String> clientSecret;
    private final Clock clock;
    private volatile Provider provider;

    /** {@code clientSecret}: resolves the configured secret (a reference) when a code is exchanged; null for a public client. */
    OidcClient(OidcSettings settings, Supplier<String> clientSecret, Clock clock) {
        this.settings = settings;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    /** A new authorization request to the provider, its answer to come back to {@code redirectUri}. */
    Start start(URI redirectUri) {
        OIDCProviderMetadata metadata = provider().metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI url = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.scopes().toArray(String[]::new)),
                new ClientID(settings.clientId()), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new Start(url, state.getValue(), nonce.getValue(), verifier.getValue());
    }

    /**
     * Exchanges an authorization code for tokens and validates the ID token.
     *
     * @return the ID token's claims
     */
    Map<String, Object> finish(String code, URI redirectUri, String nonce, String codeVerifier) {
        Provider current = provider();
        OIDCProviderMetadata metadata = current.metadata();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier));
        ClientID client = new ClientID(settings.clientId());
        String secret = secret();
        TokenRequest request;
        if (secret == null) {
            request = new TokenRequest(metadata.getTokenEndpointURI(), client, grant);
        } else {
            List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
            boolean postOnly = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
            request = new TokenRequest(metadata.getTokenEndpointURI(),
                    postOnly ? new ClientSecretPost(client, new Secret(secret)) : new ClientSecretBasic(client, new Secret(secret)), grant);
        }
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            throw new SignOnFailure(502, "The sign-in provider's token endpoint (" + metadata.getTokenEndpointURI() + ") did not answer ("
                    + e.getClass().getSimpleName() + "). Try again in a moment.");
        } catch (ParseException e) {
            throw new SignOnFailure(502, "The sign-in provider's token endpoint answered something that is not an OpenID Connect token response.");
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            throw new SignOnFailure(401, "The sign-in provider refused to complete the sign-in: " + describe(error) + ". Start again.");
        }
        if (!(response.toSuccessResponse() instanceof OIDCTokenResponse tokens) || tokens.getOIDCTokens().getIDToken() == null) {
            throw new SignOnFailure(502, "The sign-in provider answered without an ID token; is 'openid' among console.oidc.scopes?");
        }
        try {
            return current.validator().validate(tokens.getOIDCTokens().getIDToken(), new Nonce(nonce)).toJWTClaimsSet().getClaims();
        } catch (BadJOSEException e) {
            throw new SignOnFailure(401, "The sign-in provider's ID token was not accepted: " + e.getMessage() + ".");
        } catch (com.nimbusds.jose.KeySourceException e) {
            throw new SignOnFailure(502, "The sign-in provider's signing keys (" + metadata.getJWKSetURI() + ") could not be fetched ("
                    + e.getClass().getSimpleName() + "). Try again in a moment.");
        } catch (JOSEException | ParseException | RuntimeException e) {
            throw new SignOnFailure(502, "The sign-in provider's ID token could not be checked (" + e.getClass().getSimpleName() + ").");
        }
    }

    /** "error_code (description)", for messages. */
    static String describe(ErrorObject error) {
        String code = error == null || error.getCode() == null ? "an unnamed error" : error.getCode();
        return error != null && error.getDescription() != null ? code + " (" + error.getDescription() + ")" : code;
    }

    private String secret() {
        try {
            return clientSecret == null ? null : clientSecret.get();
        } catch (RuntimeException e) {
            // the resolver names the variable or file that is missing or refused, never a value
            throw new SignOnFailure(500, "The server's console.oidc.clientSecret cannot be read: " + e.getMessage() + ". Tell the operator.");
        }
    }

    /** The provider's discovery document and ID token validator, fetched again when older than {@link #DISCOVERY_TTL}. */
    private Provider provider() {
        Provider known = provider;
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.fetchedAt().plus(DISCOVERY_TTL))) {
            return known;
        }
        synchronized (this) {
            if (provider != null && now.isBefore(provider.fetchedAt().plus(DISCOVERY_TTL))) {
                return provider;
            }
            provider = discover(now);
            return provider;
        }
    }

    private Provider discover(Instant now) {
        Issuer issuer = new Issuer(settings.issuer());
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.resolve(issuer, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        } catch (IOException e) {
            throw new SignOnFailure(502, "The sign-in provider (" + settings.issuer() + ") did not answer (" + e.getClass().getSimpleName()
                    + "). Try again in a moment, or sign in with an API token.");
        } catch (GeneralException e) {
            throw new SignOnFailure(502, "The sign-in provider's discovery document (" + settings.issuer() + "/.well-known/openid-configuration)"
                    + " is not usable: " + e.getMessage());
        }
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs();
        (offered == null || offered.isEmpty() ? List.of(JWSAlgorithm.RS256) : offered).stream().filter(ASYMMETRIC::contains).forEach(algorithms::add);
        if (algorithms.isEmpty() || metadata.getJWKSetURI() == null) {
            throw new SignOnFailure(502, "The sign-in provider signs ID tokens with " + offered + " or names no JWKS; Junction checks ID tokens"
                    + " signed with a public key (RS256, ES256, ...) from the provider's jwks_uri.");
        }
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(),
                    new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, 512 * 1024)).build();
            IDTokenValidator validator = new IDTokenValidator(issuer, new ClientID(settings.clientId()), new JWSVerificationKeySelector<>(algorithms, keys), null);
            return new Provider(metadata, validator, now);
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new SignOnFailure(502, "The sign-in provider's jwks_uri (" + metadata.getJWKSetURI() + ") is not a usable URL.");
        }
    }

    /** The issuer an authorization response must name when it names one (RFC 9207). */
    String issuer() {
        return settings.issuer().toString();
    }

    /** A sign-in that cannot go on: the status of the sign-in page and a sentence for the person. */
    static final class SignOnFailure extends RuntimeException {
        private final int status;

        SignOnFailure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
