package dev.junction.spec;

/** How requests authenticate. Every string is a template over {@code config.*} and {@code secrets.*}. */
public sealed interface AuthSpec {
    /** No authentication. */
    record None() implements AuthSpec {}

    /** An API key sent in a header, query parameter or cookie named {@code name}. */
    record ApiKey(Placement in, String name, String value) implements AuthSpec {}

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements AuthSpec {}

    /** HTTP basic authentication. */
    record Basic(String username, String password) implements AuthSpec {}

    /**
     * HTTP Digest authentication (RFC 7616): the server's challenge ({@code WWW-Authenticate: Digest
     * realm, nonce, qop, algorithm}) answered with a hash of the user, the password and the request, the
     * challenge reused for later calls (MongoDB Atlas's programmatic API keys, devices and appliances).
     * Username and password are templates over {@code secrets.*} (or config, for the username).
     */
    record Digest(String username, String password) implements AuthSpec {
        /** Hides the password. */
        @Override
        public String toString() {
            return "Digest[username=" + username + "]";
        }
    }

    /**
     * Whether {@code auth} sends the connection's own credentials as given — an API key, a bearer
     * token, a user and password (Basic or Digest), AWS access keys, OAuth 1.0a consumer and token secrets, an HMAC
     * signing secret, a JWT signing key — which
     * Junction can neither refresh nor obtain again: when the API refuses them, somebody has to give
     * the connection new ones. Which answers refuse them depends on the auth (a 401; for AWS the 403
     * codes that refuse the keys; for OAuth 1.0a not a refused timestamp or nonce; for HMAC the
     * providers' codes of a bad key or signature): see
     * {@code dev.junction.http.internal.CredentialRefusal}.
     */
    static boolean isStatic(AuthSpec auth) {
        return auth instanceof ApiKey || auth instanceof Bearer || auth instanceof Basic || auth instanceof Digest || auth instanceof AwsSigV4
                || auth instanceof OAuth1 || auth instanceof Hmac || auth instanceof Jwt;
    }

    /**
     * AWS Signature Version 4: every attempt is signed with the secret access key over its final
     * URL, headers and body ({@code Authorization: AWS4-HMAC-SHA256 ...}, {@code X-Amz-Date},
     * {@code X-Amz-Content-Sha256}, and {@code X-Amz-Security-Token} with temporary credentials).
     * The key and the token are templates over {@code secrets.*}; region and service over {@code config.*}.
     *
     * @param accessKeyId the access key id ({@code AKIA...}, {@code ASIA...} for temporary credentials)
     * @param secretAccessKey the secret access key that signs
     * @param sessionToken the session token of temporary credentials, or null
     * @param region the signing region ({@code us-east-1}; {@code auto} for Cloudflare R2)
     * @param service the signing name of the service ({@code s3}, {@code execute-api}, {@code es}, ...);
     *     {@code s3} also switches on S3's rules (the path encoded once, not normalized)
     */
    record AwsSigV4(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service, AssumeRole assumeRole)
            implements AuthSpec {
        /** With the keys themselves signing (no role assumed). */
        public AwsSigV4(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service) {
            this(accessKeyId, secretAccessKey, sessionToken, region, service, null);
        }

        /**
         * A role the keys assume through AWS STS ({@code AssumeRole}) before signing: requests are signed with the role's
         * temporary credentials, obtained again before they expire. The usual way to reach a customer's AWS account:
         * the customer's role trusts the integrator's account, with an external id only they share.
         *
         * @param roleArn the role ({@code arn:aws:iam::123456789012:role/NAME})
         * @param externalId the external id the role's trust policy asks for, or null
         * @param sessionName the role session's name (shows in the customer's CloudTrail)
         * @param duration how long each set of temporary credentials lasts (15 minutes to 12 hours)
         * @param stsEndpoint STS's URL, or null for the regional endpoint of {@code stsRegion}
         * @param stsRegion the region STS requests are signed for
         */
        public record AssumeRole(String roleArn, String externalId, String sessionName, java.time.Duration duration, String stsEndpoint,
                String stsRegion) {
            /** What a role's ARN looks like. */
            public static final java.util.regex.Pattern ROLE_ARN = java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
            /** What a role session's name may hold (2 to 64 of these characters). */
            public static final java.util.regex.Pattern SESSION_NAME = java.util.regex.Pattern.compile("[\\w+=,.@-]{2,64}");
            public static final String DEFAULT_SESSION_NAME = "junction";
            public static final java.time.Duration DEFAULT_DURATION = java.time.Duration.ofHours(1);

            /** STS's URL: the given one, or the regional endpoint of {@code stsRegion}. */
            public String endpoint() {
                return stsEndpoint != null ? stsEndpoint : "https://sts." + stsRegion + ".amazonaws.com";
            }

            /** Hides the external id. */
            @Override
            public String toString() {
                return "AssumeRole[roleArn=" + roleArn + ", sessionName=" + sessionName + ", duration=" + duration + "]";
            }
        }

        /** What a region or a service signing name looks like: lower-case letters and digits, in words joined by '-'. */
        public static final java.util.regex.Pattern SIGNING_NAME = java.util.regex.Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
        /** What {@code region} should be, for messages. */
        public static final String REGION_EXPECTED = "an AWS region such as us-east-1 (auto for Cloudflare R2)";
        /** What {@code service} should be, for messages. */
        public static final String SERVICE_EXPECTED = "the service's signing name such as execute-api, s3 or es";

        /** Hides the secret key and the session token. */
        @Override
        public String toString() {
            return "AwsSigV4[accessKeyId=" + accessKeyId + ", region=" + region + ", service=" + service
                    + (assumeRole == null ? "" : ", " + assumeRole) + "]";
        }
    }

    /**
     * HMAC request signing, as crypto exchanges and payment APIs ask for it (Binance, Coinbase, OKX,
     * Bybit, ...): every attempt computes the HMAC of {@code signedContent} with the secret and sends
     * it, with the attempt's timestamp, in the {@code headers} and {@code query} parameters whose
     * templates name {@code {{ signature }}}. Query parameters without it are added before signing, so
     * that {@code {{ query }}} holds them (Binance's {@code timestamp}); those with it come last.
     *
     * <p>The per-attempt variables: {@code method} (upper case), {@code path} (as sent, without the
     * query), {@code query} (the raw query string as sent, without '?'), {@code pathAndQuery} (the
     * path, and '?' and the query when there is one), {@code body} (the raw body, empty when none;
     * signed content only), {@code host} (the URL's host, and ':' and its port when it names one),
     * {@code contentType} (the body's Content-Type, empty when none), {@code bodySha256} and
     * {@code bodySha512} (the lower-case hex digest of the raw body, of no bytes when none: Gate.io),
     * {@code timestamp} (in {@code timestampUnit}), {@code nonce} (a random UUID)
     * and, in headers and query only, {@code signature} and {@code hmac.secrets.NAME} (the HMAC of a
     * secret's value). Besides them, {@code config.*} and {@code secrets.*}.
     *
     * @param secret the signing secret, a template over {@code secrets.*}
     * @param secretEncoding how the secret's text becomes the key: {@code TEXT} (UTF-8), {@code HEX} or {@code BASE64}
     * @param algorithm the MAC
     * @param encoding how the signature is written: {@code HEX} (lower case) or {@code BASE64}
     * @param timestampUnit how {@code {{ timestamp }}} is written
     * @param signedContent the template of what is signed
     * @param headers header name to template, in order
     * @param query query parameter name to template, in order
     * @param values the connection's values of the {@code config.*} and {@code secrets.*} variables the
     *     templates name: empty as loaded, filled when the auth is rendered for a connection
     * @param keyAlgorithm when not null, {@code secret} is a PEM PKCS#8 private key and the signature is made
     *     with it ({@code ed25519}: Binance's Ed25519 keys; {@code rsa-sha256}: RSA keys; {@code rsa-pss-sha256}: Kalshi's) instead of an HMAC
     *     ({@code algorithm} and {@code secretEncoding} are then unused)
     * @param body what the signer puts in the body and signs of it
     * @param passphrase the passphrase of an encrypted private key ({@code keyAlgorithm} set), a template over
     *     {@code secrets.*} as loaded and its text once rendered; null when the key is not encrypted
     */
    record Hmac(String secret, WebhookScheme.Encoding secretEncoding, WebhookScheme.Algorithm algorithm, WebhookScheme.Encoding encoding,
            WebhookScheme.TimestampUnit timestampUnit, String signedContent, java.util.Map<String, String> headers,
            java.util.Map<String, String> query, java.util.Map<String, String> values, WebhookScheme.KeyAlgorithm keyAlgorithm, Body body,
            String passphrase)
            implements AuthSpec {
        /** The variables each attempt gives the templates, besides {@code signature}. */
        public static final java.util.List<String> ATTEMPT_VARIABLES = java.util.List.of("method", "path", "query", "pathAndQuery", "body",
                "timestamp", "nonce", "host", "contentType", "bodySha256", "bodySha512", "bodyBase64", "sortedQuery");
        /** The variable that holds the attempt's signature, in headers and query only. */
        public static final String SIGNATURE = "signature";
        /**
         * The prefix of a variable that holds the HMAC of a secret's value, with the same key, algorithm and
         * encoding as the signature, in headers and query only: {@code {{ hmac.secrets.passphrase }}} (KuCoin's
         * v2 passphrase).
         */
        public static final String MAC_OF = "hmac.";

        /** The variable of {@code signedContent} that holds {@link Body#digest}'s raw bytes. */
        public static final String DIGEST = "digest";

        /**
         * What the signer puts in the body and signs of it (Kraken, Gemini): {@code fields} set in the body
         * before it is signed (a form's first parameters, a JSON object's first fields; a request with no
         * body gets a form of them; with {@code json} the body is a JSON object whatever its type says, made
         * when there is none), the nonce ({@code increasing}:
         * an integer above the last, at least the Unix time in milliseconds; otherwise a random UUID), an
         * inner digest of {@code digestContent} whose raw bytes {@code {{ digest }}} signs (null: none), and
         * whether the body is sent ({@code send} false: it travels in a header as {@code {{ bodyBase64 }}},
         * Gemini's payload, and the request goes without one).
         */
        public record Body(java.util.Map<String, String> fields, boolean increasingNonce, WebhookScheme.Algorithm digestAlgorithm, String digestContent,
                boolean json, boolean send) {
            public static final Body NONE = new Body(java.util.Map.of(), false, null, null, false, true);

            public Body {
                fields = fields == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
            }

            /** Fields, nonce and digest (Kraken): a form made when there is no body, and sent. */
            public Body(java.util.Map<String, String> fields, boolean increasingNonce, WebhookScheme.Algorithm digestAlgorithm, String digestContent) {
                this(fields, increasingNonce, digestAlgorithm, digestContent, false, true);
            }
        }

        public Hmac {
            body = body == null ? Body.NONE : body;
            secretEncoding = secretEncoding == null ? WebhookScheme.Encoding.TEXT : secretEncoding;
            algorithm = algorithm == null ? WebhookScheme.Algorithm.SHA256 : algorithm;
            encoding = encoding == null ? WebhookScheme.Encoding.HEX : encoding;
            timestampUnit = timestampUnit == null ? WebhookScheme.TimestampUnit.SECONDS : timestampUnit;
            headers = headers == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
            query = query == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
            values = values == null ? java.util.Map.of() : java.util.Map.copyOf(values);
        }

        /** HMAC signing (no private key). */
        public Hmac(String secret, WebhookScheme.Encoding secretEncoding, WebhookScheme.Algorithm algorithm, WebhookScheme.Encoding encoding,
                WebhookScheme.TimestampUnit timestampUnit, String signedContent, java.util.Map<String, String> headers,
                java.util.Map<String, String> query, java.util.Map<String, String> values) {
            this(secret, secretEncoding, algorithm, encoding, timestampUnit, signedContent, headers, query, values, null, null);
        }

        /** Signing by HMAC or a private key that is not encrypted. */
        public Hmac(String secret, WebhookScheme.Encoding secretEncoding, WebhookScheme.Algorithm algorithm, WebhookScheme.Encoding encoding,
                WebhookScheme.TimestampUnit timestampUnit, String signedContent, java.util.Map<String, String> headers,
                java.util.Map<String, String> query, java.util.Map<String, String> values, WebhookScheme.KeyAlgorithm keyAlgorithm, Body body) {
            this(secret, secretEncoding, algorithm, encoding, timestampUnit, signedContent, headers, query, values, keyAlgorithm, body, null);
        }

        /** Signing by HMAC or a private key, nothing put in the body. */
        public Hmac(String secret, WebhookScheme.Encoding secretEncoding, WebhookScheme.Algorithm algorithm, WebhookScheme.Encoding encoding,
                WebhookScheme.TimestampUnit timestampUnit, String signedContent, java.util.Map<String, String> headers,
                java.util.Map<String, String> query, java.util.Map<String, String> values, WebhookScheme.KeyAlgorithm keyAlgorithm) {
            this(secret, secretEncoding, algorithm, encoding, timestampUnit, signedContent, headers, query, values, keyAlgorithm, null);
        }

        /** The same settings with the connection's values of the variables the templates name. */
        public Hmac withValues(String renderedSecret, String renderedPassphrase, java.util.Map<String, String> connectionValues) {
            return new Hmac(renderedSecret, secretEncoding, algorithm, encoding, timestampUnit, signedContent, headers, query, connectionValues,
                    keyAlgorithm, body, renderedPassphrase);
        }

        /** Hides the secret and the connection's values; the templates show what is signed and sent. */
        @Override
        public String toString() {
            return "Hmac[algorithm=" + (keyAlgorithm != null ? keyAlgorithm.yamlName() : algorithm.yamlName()) + ", encoding=" + encoding.name().toLowerCase(java.util.Locale.ROOT) + ", signedContent="
                    + signedContent + ", headers=" + headers.keySet() + ", query=" + query.keySet()
                    + (body.equals(Body.NONE) ? "" : ", body=" + body.fields().keySet() + (body.digestContent() == null ? "" : ", digest=" + body.digestContent()))
                    + "]";
        }
    }

    /**
     * A JWT the connector signs itself and sends with every call ({@code Authorization: Bearer <jwt>}
     * unless {@code in}, {@code name} and {@code prefix} say otherwise): GitHub Apps, App Store Connect,
     * Ghost's Admin API, Coinbase's CDP keys, Google's self-signed service account JWTs. It carries
     * {@code iat} and {@code exp} (and {@code nbf} when asked) beside the given claims. A token whose
     * claims and header name no attempt variable ({@link #ATTEMPT_VARIABLES}) is reused until half its
     * lifetime has passed; one that does (Coinbase's {@code uri}) is signed for each attempt.
     *
     * @param algorithm the JWS algorithm ({@code RS256}, {@code ES256}, {@code EdDSA}, {@code HS256}, ...), or null: the
     *     key's own (RSA: RS256, EC: by its curve, Ed25519: EdDSA, a secret: HS256)
     * @param privateKey a PEM private key (PKCS#8, PKCS#1 or SEC1, encrypted or not), or null when {@code secret} signs
     * @param passphrase the passphrase of an encrypted {@code privateKey}, or null
     * @param secret the shared secret of an HS algorithm, or null
     * @param secretEncoding how {@code secret}'s text becomes its bytes (Ghost's is hex)
     * @param keyId the {@code kid} header, or null
     * @param claims claim name to a template (text), a number, a boolean, or a list of templates
     * @param headers more header parameters (name to template), such as Coinbase's {@code nonce}
     * @param lifetime {@code exp} minus the signing time
     * @param backdate how far before the signing time {@code iat} (and {@code nbf}) are put, against clock skew (GitHub: 60 s)
     * @param notBefore whether the token carries {@code nbf}
     * @param values the connection's values of the config and secrets the templates name (set when rendered)
     */
    record Jwt(String algorithm, String privateKey, String passphrase, String secret, WebhookScheme.Encoding secretEncoding, String keyId,
            java.util.Map<String, Object> claims, java.util.Map<String, String> headers, java.time.Duration lifetime, java.time.Duration backdate,
            boolean notBefore, Placement in, String name, String prefix, java.util.Map<String, String> values) implements AuthSpec {
        /** The variables each attempt gives the claims and header templates. */
        public static final java.util.List<String> ATTEMPT_VARIABLES = java.util.List.of("method", "host", "path", "pathAndQuery", "nonce");
        /**
         * The variable that holds the base64 SHA-256 of the private key's public key (its DER SubjectPublicKeyInfo), as
         * Snowflake's key-pair JWTs name the key in {@code iss}: {@code ACCOUNT.USER.SHA256:{{ publicKeySha256 }}}. RSA keys only.
         */
        public static final String PUBLIC_KEY_SHA256 = "publicKeySha256";
        /** What the claims and header templates may name besides config and secrets: the attempt's variables and the key's. */
        public static final java.util.List<String> TEMPLATE_VARIABLES = java.util.stream.Stream.concat(ATTEMPT_VARIABLES.stream(),
                java.util.stream.Stream.of(PUBLIC_KEY_SHA256)).toList();

        public Jwt {
            secretEncoding = secretEncoding == null ? WebhookScheme.Encoding.TEXT : secretEncoding;
            claims = claims == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
            headers = headers == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
            lifetime = lifetime == null ? java.time.Duration.ofMinutes(5) : lifetime;
            backdate = backdate == null ? java.time.Duration.ZERO : backdate;
            in = in == null ? Placement.HEADER : in;
            name = name == null ? "Authorization" : name;
            prefix = prefix == null ? "" : prefix;
            values = values == null ? java.util.Map.of() : java.util.Map.copyOf(values);
        }

        /** The same settings with the key, passphrase, secret and key id rendered and the values the templates name. */
        public Jwt withValues(String key, String keyPassphrase, String sharedSecret, String kid, java.util.Map<String, String> connectionValues) {
            return new Jwt(algorithm, key, keyPassphrase, sharedSecret, secretEncoding, kid, claims, headers, lifetime, backdate, notBefore, in, name,
                    prefix, connectionValues);
        }

        /** Hides the key, the secret and the connection's values. */
        @Override
        public String toString() {
            return "Jwt[algorithm=" + algorithm + ", claims=" + claims.keySet() + ", headers=" + headers.keySet() + ", lifetime=" + lifetime + ", in="
                    + in + ", name=" + name + "]";
        }
    }

    /**
     * OAuth 2.0: Junction obtains access tokens at {@code tokenUrl}, caches them, refreshes them
     * {@code refreshBefore} ahead of expiry and once after a 401. Credentials are templates over
     * {@code secrets.*} only.
     *
     * @param grant how tokens are obtained
     * @param tokenUrl the token endpoint; relative URLs resolve against the connector's baseUrl
     * @param clientAuth how the client id and secret are sent
     * @param clientId the client id, or null (jwt_bearer may go without)
     * @param clientSecret the client secret, or null for public clients and jwt_bearer
     * @param scopes requested scopes, sent space-separated; empty sends none
     * @param audience the {@code audience} parameter (jwt_bearer: the assertion's {@code aud}), or null
     * @param username the resource owner's name (password grant)
     * @param password the resource owner's password (password grant)
     * @param refreshToken the refresh token (refresh_token, optional for authorization_code)
     * @param accessToken an access token obtained elsewhere (authorization_code)
     * @param privateKey a PEM PKCS#8 RSA or EC private key that signs the assertion (RS256, ES256/384/512):
     *     jwt_bearer's grant, or the client's with {@code clientAuth: private_key_jwt}
     * @param issuer the assertion's {@code iss} (jwt_bearer; defaults to clientId)
     * @param subject the assertion's {@code sub} (jwt_bearer; defaults to the issuer)
     * @param keyId the assertion's {@code kid} header, or null
     * @param refreshBefore how long before expiry a token is replaced
     * @param tokenError a 200 response that means "token invalid", or null
     * @param connect where the connect page sends a tenant's user (authorization_code), or null
     * @param tokenParams more form fields of every token request Junction makes (name to rendered
     *     text, in order), such as Zoom's {@code account_id}; {@code grant_type} among them replaces
     *     client_credentials' own. Empty for none
     * @param assertionAudience the {@code aud} of the client assertion ({@code clientAuth:
     *     private_key_jwt}); null: the token URL
     * @param certificate the PEM certificate of {@code privateKey}, whose SHA-256 and SHA-1
     *     thumbprints the assertion's header carries ({@code x5t#S256}, {@code x5t}: Microsoft Entra
     *     ID), or null
     * @param tokenResponse where the token endpoint's answer keeps the tokens and their lifetime;
     *     {@link TokenResponse#STANDARD} for RFC 6749's fields
     * @param passphrase the passphrase of an encrypted {@code privateKey}, or null
     */
    record OAuth2(Grant grant, String tokenUrl, ClientAuth clientAuth, String clientId, String clientSecret,
            java.util.List<String> scopes, String audience, String username, String password, String refreshToken,
            String accessToken, String privateKey, String issuer, String subject, String keyId,
            java.time.Duration refreshBefore, TokenError tokenError, Connect connect, java.util.Map<String, String> tokenParams,
            String assertionAudience, String certificate, TokenResponse tokenResponse, String passphrase, Placement in, String name,
            String prefix) implements AuthSpec {
        public OAuth2 {
            scopes = scopes == null ? java.util.List.of() : java.util.List.copyOf(scopes);
            tokenParams = tokenParams == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tokenParams));
            tokenResponse = tokenResponse == null ? TokenResponse.STANDARD : tokenResponse;
            in = in == null ? Placement.HEADER : in;
            name = name == null ? "Authorization" : name;
            prefix = prefix == null ? ("Authorization".equalsIgnoreCase(name) ? "Bearer " : "") : prefix;
        }

        /**
         * The access token sent as {@code Authorization: Bearer <token>}. (With {@code in}, {@code name} and {@code prefix}, it goes
         * where the API wants it: Amazon's Selling Partner API in {@code x-amz-access-token} without a prefix, Zoho in
         * {@code Authorization: Zoho-oauthtoken <token>}.)
         */
        public OAuth2(Grant grant, String tokenUrl, ClientAuth clientAuth, String clientId, String clientSecret,
                java.util.List<String> scopes, String audience, String username, String password, String refreshToken,
                String accessToken, String privateKey, String issuer, String subject, String keyId,
                java.time.Duration refreshBefore, TokenError tokenError, Connect connect, java.util.Map<String, String> tokenParams,
                String assertionAudience, String certificate, TokenResponse tokenResponse, String passphrase) {
            this(grant, tokenUrl, clientAuth, clientId, clientSecret, scopes, audience, username, password, refreshToken, accessToken, privateKey,
                    issuer, subject, keyId, refreshBefore, tokenError, connect, tokenParams, assertionAudience, certificate, tokenResponse, passphrase,
                    null, null, null);
        }

        /** This setting with its access token sent as {@code in}, {@code name} and {@code prefix} say. */
        public OAuth2 sentAs(Placement where, String header, String before) {
            return new OAuth2(grant, tokenUrl, clientAuth, clientId, clientSecret, scopes, audience, username, password, refreshToken, accessToken,
                    privateKey, issuer, subject, keyId, refreshBefore, tokenError, connect, tokenParams, assertionAudience, certificate, tokenResponse,
                    passphrase, where, header, before);
        }

        /** With a private key that is not encrypted, or none. */
        public OAuth2(Grant grant, String tokenUrl, ClientAuth clientAuth, String clientId, String clientSecret,
                java.util.List<String> scopes, String audience, String username, String password, String refreshToken,
                String accessToken, String privateKey, String issuer, String subject, String keyId,
                java.time.Duration refreshBefore, TokenError tokenError, Connect connect, java.util.Map<String, String> tokenParams,
                String assertionAudience, String certificate, TokenResponse tokenResponse) {
            this(grant, tokenUrl, clientAuth, clientId, clientSecret, scopes, audience, username, password, refreshToken, accessToken, privateKey,
                    issuer, subject, keyId, refreshBefore, tokenError, connect, tokenParams, assertionAudience, certificate, tokenResponse, null);
        }

        /** Without token parameters or client-assertion settings. */
        public OAuth2(Grant grant, String tokenUrl, ClientAuth clientAuth, String clientId, String clientSecret,
                java.util.List<String> scopes, String audience, String username, String password, String refreshToken,
                String accessToken, String privateKey, String issuer, String subject, String keyId,
                java.time.Duration refreshBefore, TokenError tokenError, Connect connect) {
            this(grant, tokenUrl, clientAuth, clientId, clientSecret, scopes, audience, username, password, refreshToken, accessToken, privateKey,
                    issuer, subject, keyId, refreshBefore, tokenError, connect, null, null, null, null);
        }

        /** Without connect settings. */
        public OAuth2(Grant grant, String tokenUrl, ClientAuth clientAuth, String clientId, String clientSecret,
                java.util.List<String> scopes, String audience, String username, String password, String refreshToken,
                String accessToken, String privateKey, String issuer, String subject, String keyId,
                java.time.Duration refreshBefore, TokenError tokenError) {
            this(grant, tokenUrl, clientAuth, clientId, clientSecret, scopes, audience, username, password, refreshToken, accessToken, privateKey,
                    issuer, subject, keyId, refreshBefore, tokenError, null);
        }

        /** Hides every credential. */
        @Override
        public String toString() {
            return "OAuth2[grant=" + grant + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", scopes=" + scopes + "]";
        }
    }

    /**
     * OAuth 1.0a (RFC 5849): every request is signed with the consumer's and the token's secrets and
     * carries {@code Authorization: OAuth ...}. Credentials are templates over {@code secrets.*}.
     *
     * @param consumerKey the client identifier
     * @param consumerSecret the client shared secret (unused by RSA methods, which Junction does not offer)
     * @param token the token identifier, or null for two-legged requests
     * @param tokenSecret the token shared secret, or null
     * @param signatureMethod how requests are signed
     * @param realm the {@code realm} parameter of the header, or null
     */
    record OAuth1(String consumerKey, String consumerSecret, String token, String tokenSecret, SignatureMethod signatureMethod,
            String realm) implements AuthSpec {
        public OAuth1 {
            signatureMethod = signatureMethod == null ? SignatureMethod.HMAC_SHA1 : signatureMethod;
        }

        /** Hides every credential. */
        @Override
        public String toString() {
            return "OAuth1[consumerKey=" + consumerKey + ", signatureMethod=" + signatureMethod.yamlName() + "]";
        }
    }

    /**
     * Session login: Junction calls a login endpoint, takes the token from its answer (its JSON, a header or a cookie) and sends
     * it with every request, until it expires or the API answers 401; then it logs in again, once.
     *
     * @param loginUrl the login endpoint; relative URLs resolve against the connector's baseUrl
     * @param method the login request's method (POST unless set)
     * @param body the login request's body: field name to (rendered) text, a number, a boolean, or a nested object ({@code Map})
     *     or list, as JSON (OpenStack Keystone's nested {@code auth}); empty for none
     * @param tokenPath the JSON path of the token in the login answer, or null when a header or cookie carries it
     * @param expiresInPath the JSON path of the token's lifetime in seconds, or null
     * @param ttl the token's lifetime when the answer does not say, or null (used until rejected)
     * @param in where the token goes
     * @param name the header, query parameter or cookie that carries it
     * @param prefix text before the token ({@code "Bearer "}), empty for none
     * @param expiresAtPath the JSON path of the time the token expires (epoch seconds or milliseconds, or ISO 8601: GitHub's
     *     installation tokens), or null
     * @param loginAuth how the login request itself authenticates: {@link Basic} or {@link Jwt} (a GitHub App's JWT), or null
     * @param formBody whether the body is sent form-encoded ({@code bodyFormat: form}; its values text only) rather than as JSON
     * @param headers more headers of the login request, name to (rendered) text
     * @param tokenHeader the answer's header that carries the token (OpenStack's {@code X-Subject-Token}), or null
     * @param tokenCookie the cookie the answer sets that is the token (a {@code Set-Cookie} by that name), or null; without an
     *     expiry path, the token ends at the cookie's {@code Max-Age} or {@code Expires} or after {@code ttl}, whichever is first
     */
    record Session(String loginUrl, String method, java.util.Map<String, Object> body, String tokenPath, String expiresInPath,
            java.time.Duration ttl, Placement in, String name, String prefix, String expiresAtPath, AuthSpec loginAuth, boolean formBody,
            java.util.Map<String, String> headers, String tokenHeader, String tokenCookie) implements AuthSpec {
        /** A login that authenticates by its JSON body only and answers the token in its body, its lifetime in seconds. */
        public Session(String loginUrl, String method, java.util.Map<String, ?> body, String tokenPath, String expiresInPath,
                java.time.Duration ttl, Placement in, String name, String prefix) {
            this(loginUrl, method, body == null ? null : new java.util.LinkedHashMap<String, Object>(body), tokenPath, expiresInPath, ttl, in, name,
                    prefix, null, null, false, null, null, null);
        }

        public Session {
            method = method == null ? "POST" : method;
            body = body == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
            headers = headers == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
            in = in == null ? Placement.HEADER : in;
            name = name == null ? "Authorization" : name;
            prefix = prefix == null ? "" : prefix;
        }

        /** Where the answer carries the token, as the connector says it: {@code $.token}, {@code header X-Subject-Token}, {@code cookie SID}. */
        public String tokenSource() {
            return tokenHeader != null ? "header " + tokenHeader : tokenCookie != null ? "cookie " + tokenCookie : tokenPath;
        }

        /** Every text of the body, nested objects and lists included. */
        public java.util.List<String> bodyTexts() {
            java.util.List<String> texts = new java.util.ArrayList<>();
            collect(body, texts);
            return texts;
        }

        private static void collect(Object value, java.util.List<String> texts) {
            switch (value) {
                case java.util.Map<?, ?> map -> map.values().forEach(v -> collect(v, texts));
                case java.util.List<?> list -> list.forEach(v -> collect(v, texts));
                case String text -> texts.add(text);
                case null, default -> { }
            }
        }

        /** Hides the login body and headers (they hold the credentials). */
        @Override
        public String toString() {
            return "Session[loginUrl=" + loginUrl + ", token=" + tokenSource() + ", in=" + in + ", name=" + name + "]";
        }
    }

    /** OAuth 1.0a signature methods, by their YAML (and wire) name. */
    enum SignatureMethod {
        HMAC_SHA1("HMAC-SHA1"),
        HMAC_SHA256("HMAC-SHA256"),
        PLAINTEXT("PLAINTEXT");

        private final String yamlName;

        SignatureMethod(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        /** The method with this name, or null. */
        public static SignatureMethod of(String yamlName) {
            for (SignatureMethod method : values()) {
                if (method.yamlName.equals(yamlName)) {
                    return method;
                }
            }
            return null;
        }
    }

    /**
     * Where the connect page sends a tenant's user for an authorization-code grant (templates over
     * {@code config.*}; a relative URL resolves against the connector's baseUrl).
     *
     * @param authorizeUrl the authorization endpoint, or null to find it by {@code discoveryUrl}
     * @param revokeUrl the RFC 7009 revocation endpoint a disconnect calls, or null (found by discovery, if any)
     * @param discoveryUrl an OpenID Connect / RFC 8414 discovery document, or null
     * @param identity how to ask who the connected account is, or null (the discovery document's userinfo endpoint, if any)
     */
    record Connect(String authorizeUrl, String revokeUrl, String discoveryUrl, Identity identity) {
        public Connect(String authorizeUrl, String revokeUrl, String discoveryUrl) {
            this(authorizeUrl, revokeUrl, discoveryUrl, null);
        }
    }

    /**
     * {@code auth.identity}: the request that says who a connected account is, made with the new access
     * token once the connect flow has it ({@code GET path}, a template over {@code config.*}; a relative
     * path resolves against the connector's baseUrl), and where its answer holds the account's id and a
     * name to show (JSON paths, such as {@code $.id} and {@code $.email}).
     */
    record Identity(String path, String id, String name) {}

    /** OAuth 2.0 grants, by their YAML name. */
    enum Grant {
        CLIENT_CREDENTIALS("client_credentials"),
        REFRESH_TOKEN("refresh_token"),
        PASSWORD("password"),
        JWT_BEARER("jwt_bearer"),
        /** Tokens obtained elsewhere by an authorization-code flow: Junction uses and refreshes them. */
        AUTHORIZATION_CODE("authorization_code");

        private final String yamlName;

        Grant(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        /** The grant with this YAML name, or null. */
        public static Grant of(String yamlName) {
            for (Grant grant : values()) {
                if (grant.yamlName.equals(yamlName)) {
                    return grant;
                }
            }
            return null;
        }
    }

    /** How the client authenticates at the token endpoint. */
    enum ClientAuth {
        /** {@code Authorization: Basic} with the client id and secret (client_secret_basic). */
        BASIC,
        /** {@code client_id} and {@code client_secret} form fields (client_secret_post). */
        BODY,
        /**
         * {@code client_assertion}: a JWT signed with the private key, {@code iss} and {@code sub} the
         * client id (RFC 7523 section 2.2, OpenID Connect's private_key_jwt); no client secret.
         */
        PRIVATE_KEY_JWT
    }

    /**
     * Where a token endpoint's JSON answer keeps what Junction reads (JSON paths): RFC 6749's
     * {@code access_token}, {@code refresh_token} and {@code expires_in} unless the connector names
     * others, such as {@code $.data.access_token}. {@code expiresIn} is seconds from now;
     * {@code expiresAt} an instant (epoch seconds or milliseconds, or ISO 8601); null for both reads
     * the standard fields ({@code expires_in}, else {@code expires_on} or {@code expires_at}).
     */
    record TokenResponse(String accessToken, String refreshToken, String expiresIn, String expiresAt) {
        public static final TokenResponse STANDARD = new TokenResponse("$.access_token", "$.refresh_token", null, null);

        public TokenResponse {
            accessToken = accessToken == null ? "$.access_token" : accessToken;
            refreshToken = refreshToken == null ? "$.refresh_token" : refreshToken;
        }
    }

    /**
     * A 200 response body that means the access token is invalid, handled like a 401: either the
     * value at a JSON {@code path} equals {@code equals}, or the body matches the regex {@code matches}.
     */
    record TokenError(String path, String equals, String matches) {}

    enum Placement {
        HEADER,
        QUERY,
        /** In the {@code Cookie} header, as {@code name=value} (API keys only). */
        COOKIE
    }
}
