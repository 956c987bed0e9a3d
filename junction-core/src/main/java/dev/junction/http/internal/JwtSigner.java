package dev.junction.http.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import dev.junction.template.Template;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends a JWT the connector signs itself ({@code auth: { type: jwt }}, or a session's {@code loginAuth}):
 * the claims and header parameters rendered over the connection's config and secrets, {@code iat} and
 * {@code exp} (and {@code nbf}) at the signing time, signed with Nimbus JOSE+JWT for RSA and EC keys
 * and with the JDK for Ed25519 and HMAC secrets (of any length: the API chose the secret, not Junction).
 * A token whose templates name none of the attempt's variables is signed once and reused until half its
 * lifetime has passed; otherwise each attempt is signed anew over its method, host and path.
 *
 * <p>It sits in the chain after retry and the rate limit, like the other signers, so that a retry sent
 * minutes later still carries a token that has not expired. The token goes in the header or query
 * parameter {@code name}, which the exchange log hides by name ({@link #secretNames}). Thread-safe.
 */
public final class JwtSigner implements Interceptor {
    private record Signed(String token, Instant at) {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final AuthSpec.Jwt auth;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<String, Template> headers = new LinkedHashMap<>();
    private final boolean perAttempt;
    private final Clock clock;
    private final AtomicReference<Signed> reused = new AtomicReference<>();
    /** {@code {{ publicKeySha256 }}}: computed once when a template names it, else null. */
    private final String publicKeySha256;

    /**
     * @param auth the settings rendered for a connection
     * @param field where they were written ({@code auth} or {@code auth.loginAuth}), first in every message
     * @throws IllegalArgumentException when the key cannot be read, or cannot sign with the algorithm named
     */
    public JwtSigner(AuthSpec.Jwt auth, Clock clock, String field) {
        this.auth = auth;
        this.clock = clock;
        boolean attemptVariables = false;
        for (Map.Entry<String, Object> claim : auth.claims().entrySet()) {
            Object value = switch (claim.getValue()) {
                case String text -> Template.parse(text);
                case List<?> list -> list.stream().map(item -> Template.parse((String) item)).toList();
                default -> claim.getValue();
            };
            claims.put(claim.getKey(), value);
        }
        auth.headers().forEach((name, text) -> headers.put(name, Template.parse(text)));
        List<Template> templates = new ArrayList<>(headers.values());
        claims.values().forEach(value -> {
            if (value instanceof Template template) {
                templates.add(template);
            } else if (value instanceof List<?> list) {
                list.forEach(item -> templates.add((Template) item));
            }
        });
        for (Template template : templates) {
            attemptVariables |= template.variables().stream().anyMatch(AuthSpec.Jwt.ATTEMPT_VARIABLES::contains);
        }
        this.perAttempt = attemptVariables;
        boolean namesPublicKey = templates.stream().anyMatch(t -> t.variables().contains(AuthSpec.Jwt.PUBLIC_KEY_SHA256));
        if (auth.secret() != null) {
            this.algorithm = JWSAlgorithm.parse(auth.algorithm() == null ? "HS256" : auth.algorithm());
            this.signer = hmac(HmacSigner.key(auth.secret(), auth.secretEncoding(), field + ".secret"), algorithm);
            this.publicKeySha256 = null;
        } else {
            PrivateKey key = PemKeys.privateKey(auth.privateKey(), auth.passphrase(), field + ".privateKey", field + ".passphrase");
            this.algorithm = algorithm(key, auth.algorithm(), field);
            this.signer = signer(key, algorithm, field);
            this.publicKeySha256 = namesPublicKey ? publicKeySha256(key, field) : null;
        }
    }

    /**
     * The base64 SHA-256 of the RSA key's public key as DER SubjectPublicKeyInfo: what
     * {@code openssl rsa -in key.p8 -pubout -outform DER | openssl dgst -sha256 -binary | base64} prints (Snowflake's fingerprint).
     */
    static String publicKeySha256(PrivateKey key, String field) {
        if (!(key instanceof java.security.interfaces.RSAPrivateCrtKey rsa)) {
            throw new IllegalArgumentException(field + ": {{ " + AuthSpec.Jwt.PUBLIC_KEY_SHA256 + " }} is the fingerprint of an RSA key's public key; "
                    + field + ".privateKey is a " + key.getAlgorithm() + " key");
        }
        try {
            byte[] der = java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
            return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an RSA public key", e);
        }
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        String token = token(request);
        return chain.proceed(auth.in() == AuthSpec.Placement.QUERY ? request.withQueryParam(auth.name(), auth.prefix() + token)
                : request.withHeader(auth.name(), auth.prefix() + token));
    }

    /** The headers and query parameters that carry the token, which the exchange log hides by name. */
    public static List<String> secretNames(AuthSpec.Jwt auth) {
        return List.of(auth.name());
    }

    /** The token for {@code request}: the one signed earlier while under half its lifetime, unless it names the attempt. */
    String token(HttpRequest request) {
        Instant now = clock.instant();
        if (perAttempt) {
            return sign(request, now);
        }
        Signed last = reused.get();
        if (last != null && now.isBefore(last.at().plus(auth.lifetime().dividedBy(2))) && !now.isBefore(last.at())) {
            return last.token();
        }
        Signed fresh = new Signed(sign(request, now), now);
        reused.set(fresh);
        return fresh.token();
    }

    private String sign(HttpRequest request, Instant now) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String nonce = HexFormat.of().formatHex(random);
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        claims.forEach((name, value) -> set.claim(name, switch (value) {
            case Template template -> render(template, request, nonce);
            case List<?> list -> list.stream().map(item -> render((Template) item, request, nonce)).toList();
            default -> value;
        }));
        Instant issued = now.minus(auth.backdate());
        set.issueTime(Date.from(issued)).expirationTime(Date.from(now.plus(auth.lifetime())));
        if (auth.notBefore()) {
            set.notBeforeTime(Date.from(issued));
        }
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(auth.keyId());
        headers.forEach((name, template) -> {
            if (name.equals("typ")) {
                header.type(new JOSEObjectType(render(template, request, nonce)));
            } else if (name.equals("cty")) {
                header.contentType(render(template, request, nonce));
            } else {
                header.customParam(name, render(template, request, nonce));
            }
        });
        SignedJWT jwt = new SignedJWT(header.build(), set.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(algorithm + " signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private String render(Template template, HttpRequest request, String nonce) {
        URI uri = request.uri();
        String path = Urls.path(uri);
        return template.render(variable -> switch (variable) {
            case "method" -> request.method().toUpperCase(Locale.ROOT);
            case "host" -> Urls.host(uri);
            case "path" -> path;
            case "pathAndQuery" -> uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            case "nonce" -> nonce;
            case AuthSpec.Jwt.PUBLIC_KEY_SHA256 -> publicKeySha256;
            default -> auth.values().get(variable); // config.* and secrets.*, each checked when the connection was made
        });
    }

    /** The algorithm named, checked against the key, or the key's own: RS256, ES256/384/512 by the curve, EdDSA. */
    private static JWSAlgorithm algorithm(PrivateKey key, String named, String field) {
        String kind = key instanceof RSAPrivateKey ? "RSA" : key instanceof ECPrivateKey ? "EC" : isEd25519(key) ? "Ed25519" : key.getAlgorithm();
        String fallback = switch (kind) {
            case "RSA" -> "RS256";
            case "EC" -> null; // by the curve, below
            case "Ed25519" -> "EdDSA";
            default -> throw new IllegalArgumentException(field + ".privateKey is a " + kind + " key; expected an RSA, EC or Ed25519 key");
        };
        if (named == null) {
            return fallback != null ? JWSAlgorithm.parse(fallback) : curveAlgorithm((ECPrivateKey) key, field);
        }
        boolean fits = switch (kind) {
            case "RSA" -> named.startsWith("RS") || named.startsWith("PS");
            case "EC" -> named.equals(curveAlgorithm((ECPrivateKey) key, field).getName());
            default -> named.equals("EdDSA");
        };
        if (!fits) {
            throw new IllegalArgumentException(field + ".algorithm: " + named + " cannot sign with " + field + ".privateKey, an " + kind + " key"
                    + (kind.equals("EC") ? " on the curve of " + curveAlgorithm((ECPrivateKey) key, field) : "") + "; expected "
                    + (kind.equals("RSA") ? "RS256, RS384, RS512, PS256, PS384 or PS512" : kind.equals("EC") ? curveAlgorithm((ECPrivateKey) key, field)
                    : "EdDSA") + ", or no algorithm (the key's own)");
        }
        return JWSAlgorithm.parse(named);
    }

    private static JWSAlgorithm curveAlgorithm(ECPrivateKey key, String field) {
        try {
            return new ECDSASigner(key).supportedJWSAlgorithms().iterator().next();
        } catch (JOSEException e) {
            throw new IllegalArgumentException(field + ".privateKey is an EC key on a curve JWS does not sign with; expected P-256, P-384 or P-521");
        }
    }

    private static boolean isEd25519(PrivateKey key) {
        return key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")
                && key.getEncoded() != null && key.getEncoded().length == 48; // PKCS#8 of an Ed25519 key (Ed448 is longer)
    }

    private static JWSSigner signer(PrivateKey key, JWSAlgorithm algorithm, String field) {
        try {
            return switch (key) {
                case RSAPrivateKey rsa -> new RSASSASigner(rsa);
                case ECPrivateKey ec -> new ECDSASigner(ec);
                default -> jdk(algorithm, input -> {
                    java.security.Signature signature = java.security.Signature.getInstance("Ed25519");
                    signature.initSign(key);
                    signature.update(input);
                    return signature.sign();
                });
            };
        } catch (JOSEException | IllegalArgumentException e) { // Nimbus: an RSA key under 2,048 bits
            throw new IllegalArgumentException(field + ".privateKey cannot sign " + algorithm + ": " + e.getMessage());
        }
    }

    /** HS256, HS384 or HS512 with the JDK's {@link Mac}, whatever the secret's length (Nimbus would refuse one under 256 bits). */
    private static JWSSigner hmac(byte[] secret, JWSAlgorithm algorithm) {
        String mac = "Hmac" + "SHA" + algorithm.getName().substring(2);
        return jdk(algorithm, input -> {
            Mac m = Mac.getInstance(mac);
            m.init(new SecretKeySpec(secret, mac));
            return m.doFinal(input);
        });
    }

    private interface Signing {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }

    private static JWSSigner jdk(JWSAlgorithm algorithm, Signing signing) {
        return new JWSSigner() {
            private final JCAContext context = new JCAContext();

            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
                try {
                    return Base64URL.encode(signing.sign(signingInput));
                } catch (GeneralSecurityException e) {
                    throw new JOSEException(algorithm + " signing failed: " + e.getMessage(), e);
                }
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return Set.of(algorithm);
            }

            @Override
            public JCAContext getJCAContext() {
                return context;
            }
        };
    }
}
