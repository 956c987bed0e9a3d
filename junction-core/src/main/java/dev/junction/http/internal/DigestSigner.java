package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP Digest authentication (RFC 7616) on each attempt, after retry and the rate limit like the other
 * signers. The first call goes out without credentials; the server's 401 carries its challenge
 * ({@code WWW-Authenticate: Digest realm, nonce, qop, algorithm, opaque}), which is answered at once
 * and kept: later calls answer it up front, counting {@code nc} up, until the server sends a new one
 * (a 401 with {@code stale=true}, or another nonce), which is taken and answered once more. A 401
 * to an answer of the same nonce that is not stale is the API refusing the user or password: it is
 * returned as it is. Of several challenges the strongest is taken: SHA-512-256, then SHA-256, then
 * MD5 (each also as {@code -sess}); {@code qop=auth} before {@code auth-int} (which hashes the body).
 * Thread-safe.
 */
final class DigestSigner implements Interceptor {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 7616's algorithms, strongest first, to the JDK's digest names. */
    private static final Map<String, String> ALGORITHMS = orderedAlgorithms();

    /** A challenge kept with the count of the answers given to its nonce. */
    record Challenge(String realm, String nonce, String opaque, String algorithm, String qop, boolean stale, boolean userhash, AtomicInteger count) {}

    private final AuthSpec.Digest auth;
    private final AtomicReference<Challenge> current = new AtomicReference<>();
    private final java.util.function.Supplier<String> cnonces;

    DigestSigner(AuthSpec.Digest auth) {
        this(auth, () -> {
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            return HexFormat.of().formatHex(random);
        });
    }

    /** @param cnonces the client nonce of each answer (a test's fixed one) */
    DigestSigner(AuthSpec.Digest auth, java.util.function.Supplier<String> cnonces) {
        this.auth = auth;
        this.cnonces = cnonces;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        Challenge known = current.get();
        HttpResponse response = chain.proceed(known == null ? request : request.withHeader("Authorization", answer(request, known)));
        if (response.status() != 401) {
            return response;
        }
        Challenge challenge = challenge(response.headers("WWW-Authenticate"));
        if (challenge == null || known != null && !challenge.stale() && challenge.nonce().equals(known.nonce())) {
            return response; // no Digest challenge, or this nonce's answer refused: the user or password
        }
        current.set(challenge);
        return chain.proceed(request.withHeader("Authorization", answer(request, challenge)));
    }

    /** The {@code Authorization} header answering {@code challenge} for {@code request}. */
    String answer(HttpRequest request, Challenge challenge) {
        String hash = ALGORITHMS.get(challenge.algorithm().toUpperCase(Locale.ROOT).replace("-SESS", ""));
        boolean session = challenge.algorithm().toUpperCase(Locale.ROOT).endsWith("-SESS");
        String uri = request.uri().getRawPath() == null || request.uri().getRawPath().isEmpty() ? "/" : request.uri().getRawPath();
        if (request.uri().getRawQuery() != null) {
            uri += "?" + request.uri().getRawQuery();
        }
        String cnonce = cnonces.get();
        String nc = String.format(Locale.ROOT, "%08x", challenge.count().incrementAndGet());
        String user = challenge.userhash() ? hex(hash, auth.username() + ":" + challenge.realm()) : auth.username();
        String ha1 = hex(hash, auth.username() + ":" + challenge.realm() + ":" + auth.password());
        if (session) {
            ha1 = hex(hash, ha1 + ":" + challenge.nonce() + ":" + cnonce);
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        String ha2 = "auth-int".equals(challenge.qop())
                ? hex(hash, method + ":" + uri + ":" + hex(hash, request.body() == null ? new byte[0] : request.body()))
                : hex(hash, method + ":" + uri);
        String response = challenge.qop() == null ? hex(hash, ha1 + ":" + challenge.nonce() + ":" + ha2)
                : hex(hash, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":" + challenge.qop() + ":" + ha2);
        StringBuilder header = new StringBuilder("Digest username=").append(quoted(user)).append(", realm=").append(quoted(challenge.realm()))
                .append(", nonce=").append(quoted(challenge.nonce())).append(", uri=").append(quoted(uri)).append(", algorithm=").append(challenge.algorithm())
                .append(", response=").append(quoted(response));
        if (challenge.qop() != null) {
            header.append(", qop=").append(challenge.qop()).append(", nc=").append(nc).append(", cnonce=").append(quoted(cnonce));
        }
        if (challenge.opaque() != null) {
            header.append(", opaque=").append(quoted(challenge.opaque()));
        }
        if (challenge.userhash()) {
            header.append(", userhash=true");
        }
        return header.toString();
    }

    /** The strongest Digest challenge among the {@code WWW-Authenticate} headers that this signer can answer, or null. */
    static Challenge challenge(List<String> headers) {
        Challenge best = null;
        int bestRank = Integer.MAX_VALUE;
        for (String header : headers) {
            for (Map<String, String> params : AuthChallenges.parse(header, "Digest")) {
                String algorithm = params.getOrDefault("algorithm", "MD5");
                int rank = List.copyOf(ALGORITHMS.keySet()).indexOf(algorithm.toUpperCase(Locale.ROOT).replace("-SESS", ""));
                String nonce = params.get("nonce");
                if (rank < 0 || nonce == null || rank >= bestRank) {
                    continue;
                }
                String qops = params.get("qop");
                String qop = null;
                if (qops != null) {
                    List<String> offered = List.of(qops.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
                    qop = offered.contains("auth") ? "auth" : offered.contains("auth-int") ? "auth-int" : null;
                    if (qop == null) {
                        continue; // only qops RFC 7616 does not define
                    }
                }
                best = new Challenge(params.getOrDefault("realm", ""), nonce, params.get("opaque"), algorithm, qop,
                        "true".equalsIgnoreCase(params.get("stale")), "true".equalsIgnoreCase(params.get("userhash")), new AtomicInteger());
                bestRank = rank;
            }
        }
        return best;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String hex(String algorithm, String text) {
        return hex(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static Map<String, String> orderedAlgorithms() {
        Map<String, String> algorithms = new LinkedHashMap<>();
        algorithms.put("SHA-512-256", "SHA-512/256");
        algorithms.put("SHA-256", "SHA-256");
        algorithms.put("MD5", "MD5");
        return java.util.Collections.unmodifiableMap(algorithms);
    }
}
