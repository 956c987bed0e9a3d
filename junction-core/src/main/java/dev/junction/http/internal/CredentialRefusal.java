package dev.junction.http.internal;

import dev.junction.http.ApiError;
import dev.junction.spec.AuthSpec;
import java.util.Locale;
import java.util.Set;

/**
 * Which refused calls mean that the API refused the connection's own credentials — credentials
 * Junction can neither refresh nor obtain again ({@link AuthSpec#isStatic}), so somebody has to give
 * the connection new ones — decided here, once per auth, from the status and the provider's code as
 * {@link ProviderErrors} reads it:
 * <ul>
 *   <li>an API key, a bearer token, a user and password: a 401;</li>
 *   <li>OAuth 1.0a: a 401, unless its problem report names something new credentials would not fix.
 *       The request's time or nonce ({@code timestamp_refused}, {@code nonce_used}; Twitter/X's code
 *       {@code 135}, "Timestamp out of bounds"): every attempt is signed anew, so this is the host's
 *       clock or a rare repeat. How it was signed ({@code version_rejected}, {@code parameter_absent},
 *       {@code parameter_rejected}, {@code signature_method_rejected}): the connector's settings. A
 *       consumer refused for now ({@code consumer_key_refused}, throttling), or a permission the user did
 *       not grant ({@code permission_unknown}, {@code permission_denied}, {@code additional_authorization_required}).
 *       Every other 401 marks: {@code token_rejected}, {@code token_revoked}, {@code token_expired},
 *       {@code token_used}, {@code consumer_key_unknown}, {@code consumer_key_rejected},
 *       {@code signature_invalid} (the signature is computed as RFC 5849 has it, so it does not match
 *       when a secret is wrong) — and a 401 with no report at all, which is how most providers answer
 *       (Twitter/X's code 32, Trello's "invalid token"). The time and nonce problems are those the retry
 *       step sends again, signed anew ({@link OAuth1Signer#signingAgainMayFix});</li>
 *   <li>AWS Signature Version 4: a 403 (or 401, or the 400 of DynamoDB and other JSON services, and of
 *       S3 for an expired session token) whose AWS code refuses the keys or the session token:
 *       {@code InvalidAccessKeyId}, {@code InvalidClientTokenId}, {@code UnrecognizedClientException},
 *       {@code SignatureDoesNotMatch} and {@code InvalidSignatureException} (the signature is computed as
 *       AWS has it, so it does not match when the secret access key is wrong — the usual cause),
 *       {@code ExpiredToken}, {@code ExpiredTokenException}, {@code InvalidToken}, {@code TokenRefreshRequired}. A bare 401 marks too, as
 *       for the other static credentials. Never {@code AccessDenied} / {@code AccessDeniedException}
 *       (the keys are fine and lack a permission: the call fails as auth, marking nothing), nor a refused time
 *       ({@code RequestTimeTooSkewed}, {@code InvalidSignatureException} "Signature expired" or "not yet current").</li>
 *   <li>HMAC request signing: a provider code that refuses the key, the passphrase or the signature —
 *       Binance's {@code -1022} (invalid signature, with a 400), {@code -2014} and {@code -2015} (the API key);
 *       OKX's {@code 50111}, {@code 50105} and {@code 50113} (key, passphrase, signature); Bybit's {@code 10003}
 *       and {@code 10004} (key, signature; Bybit answers 200, so only where an {@code as: auth} error rule
 *       finds them) and {@code 33004} (an expired key) — with a 400, 401 or 403; and a 401 that is not about the request's time:
 *       neither a time code (Binance's {@code -1021}, OKX's {@code 50102} and {@code 50112}, Bybit's {@code 10002})
 *       nor a message about the timestamp, the receive window or the nonce (Coinbase's "request timestamp expired").
 *       Every attempt is signed anew at its own time, so a refused time is the host's clock.</li>
 * </ul>
 * Everything else (no auth, OAuth 2.0 and session logins, which obtain their credentials themselves)
 * is never refused here. Immutable, thread-safe.
 */
public final class CredentialRefusal {
    /** Refuses nothing: the auth obtains its credentials itself, or there is none. */
    public static final CredentialRefusal NEVER = new CredentialRefusal(Kind.NEVER);

    /** OAuth 1.0a problems about the request's time, not its credentials; {@code 135} is Twitter/X's "Timestamp out of bounds". */
    private static final Set<String> OAUTH1_TIME = Set.of("timestamp_refused", "135");
    /** OAuth 1.0a problems that new credentials would not fix (besides the time). */
    private static final Set<String> OAUTH1_NOT_CREDENTIALS = Set.of("nonce_used", "version_rejected", "parameter_absent", "parameter_rejected",
            "signature_method_rejected", "consumer_key_refused", "permission_unknown", "permission_denied", "additional_authorization_required");
    /** How the signing went wrong in a way the connector's settings decide. */
    private static final Set<String> OAUTH1_SIGNING = Set.of("version_rejected", "parameter_absent", "parameter_rejected", "signature_method_rejected");
    /** AWS codes that refuse the access keys or the session token. */
    private static final Set<String> AWS_CREDENTIALS = Set.of("InvalidAccessKeyId", "InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "InvalidSignatureException", "ExpiredToken", "ExpiredTokenException", "InvalidToken", "TokenRefreshRequired");
    private static final Set<String> AWS_EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired");
    /** AWS codes that refuse the keys' permission, not the keys. */
    private static final Set<String> AWS_PERMISSION = Set.of("AccessDenied", "AccessDeniedException");

    /** HMAC providers' codes that refuse the API key, its passphrase or the signature (a wrong secret): Binance, OKX, Bybit. */
    private static final Set<String> HMAC_CREDENTIALS = Set.of("-1022", "-2014", "-2015", "50111", "50105", "50113", "10003", "10004", "33004");
    /** HMAC providers' codes that refuse the request's time: Binance's -1021 (outside recvWindow), OKX's 50102 and 50112, Bybit's 10002. */
    private static final Set<String> HMAC_TIME = Set.of("-1021", "50102", "50112", "10002");
    /** What a provider's message says when it refuses the request's time rather than the credentials. */
    private static final java.util.regex.Pattern HMAC_TIME_TEXT = java.util.regex.Pattern.compile("(?i)timestamp|recv_?window|time window|nonce");

    private enum Kind { NEVER, STATIC, OAUTH1, AWS, HMAC }

    private final Kind kind;

    private CredentialRefusal(Kind kind) {
        this.kind = kind;
    }

    /** The rules for {@code auth}'s credentials; {@link #NEVER} unless they are static. */
    public static CredentialRefusal of(AuthSpec auth) {
        return switch (auth) {
            case AuthSpec.OAuth1 o -> new CredentialRefusal(Kind.OAUTH1);
            // a role's temporary credentials are not the connection's secrets: their refusal is answered by obtaining new ones
            case AuthSpec.AwsSigV4 aws -> aws.assumeRole() == null ? new CredentialRefusal(Kind.AWS) : NEVER;
            case AuthSpec.Hmac hmac -> new CredentialRefusal(Kind.HMAC);
            case null -> NEVER;
            default -> AuthSpec.isStatic(auth) ? new CredentialRefusal(Kind.STATIC) : NEVER;
        };
    }

    /** Whether {@code error}, a call's classified failure, says the API refused the connection's own credentials. */
    public boolean refused(ApiError error) {
        return error.category() == ApiError.Category.AUTH && refused(error.status(), error.providerCode(), error.message());
    }

    /**
     * @param code the provider's code ({@link ProviderErrors}), or null
     * @param text what the provider said (or the whole message), for AWS's "Signature expired"; or null
     */
    boolean refused(int status, String code, String text) {
        return switch (kind) {
            case NEVER -> false;
            case STATIC -> status == 401;
            case OAUTH1 -> status == 401 && (code == null || !OAUTH1_TIME.contains(code) && !OAUTH1_NOT_CREDENTIALS.contains(code));
            case AWS -> !awsTime(code, text) && (code != null && AWS_CREDENTIALS.contains(code) && (status == 400 || status == 401 || status == 403)
                    || status == 401 && !AWS_PERMISSION.contains(String.valueOf(code)));
            case HMAC -> code != null && HMAC_CREDENTIALS.contains(code) && (status < 300 || status == 400 || status == 401 || status == 403)
                    || status == 401 && !hmacTime(code, text);
        };
    }

    /**
     * What the message of a call refused with 401 or 403 says to do, when these rules know better than
     * "check the credentials": which AWS code refused the keys, that the host's clock is off, that a
     * nonce was repeated, that the connector signs in a way the API does not take.
     *
     * @param connection {@code connection 'crm'}, for the message
     * @return the message's ending, starting with {@code "; "}; null for the classifier's own
     */
    String advice(int status, String code, String text, String connection) {
        if (kind == Kind.AWS && awsTime(code, text) || kind == Kind.OAUTH1 && status == 401 && oauth1Time(code)
                || kind == Kind.HMAC && !refused(status, code, text) && hmacTime(code, text)) {
            return "; the API refused the time the request was signed at" + (code == null ? "" : " (" + code + ")") + ", not the credentials:"
                    + " check that the clock of the host running Junction is right (NTP)";
        }
        if (kind == Kind.HMAC && refused(status, code, text) && code != null) {
            return "; the API refused the credentials of " + connection + " (" + code + "): give it a valid API key and secret (a signature"
                    + " that does not match means a wrong secret, or a connector whose signedContent, algorithm or encoding differ from the API's)";
        }
        if (kind == Kind.AWS && refused(status, code, text) && code != null) {
            return AWS_EXPIRED.contains(code)
                    ? "; AWS refused the credentials of " + connection + " (" + code + "): its session token has expired; give it new temporary"
                            + " credentials (access key id, secret access key and session token)"
                    : "; AWS refused the credentials of " + connection + " (" + code + "): give it a valid access key id and secret access key"
                            + (code.startsWith("Signature") || code.startsWith("InvalidSignature") ? " (a signature that does not match usually"
                                    + " means a wrong secret access key)" : "");
        }
        if (kind != Kind.OAUTH1 || status != 401 || code == null) {
            return null;
        }
        if (code.equals("nonce_used")) {
            return "; the API had seen the request's nonce (nonce_used), which refuses that request, not the credentials: sending it again"
                    + " signs it with a new nonce";
        }
        if (OAUTH1_SIGNING.contains(code)) {
            return "; the API does not take how the request was signed (" + code + "), which new credentials would not fix: check the"
                    + " connector's auth settings (signatureMethod, the parameters it signs)";
        }
        if (code.equals("consumer_key_refused")) {
            return "; the API refused the consumer key of " + connection + " for now (consumer_key_refused), not for good: try again later";
        }
        return null;
    }

    /** Whether an OAuth 1.0a problem refuses the time the request was signed at (this host's clock), not its credentials. */
    static boolean oauth1Time(String code) {
        return OAUTH1_TIME.contains(String.valueOf(code));
    }

    /** Whether signing an OAuth 1.0a request again — a new nonce, the API's time — may fix this problem. */
    static boolean oauth1SigningAgainFixes(String code) {
        return oauth1Time(code) || "nonce_used".equals(code);
    }

    /** Whether an HMAC provider refused the time the request was signed at (this host's clock), by its code or its words. */
    static boolean hmacTime(String code, String text) {
        return code != null && HMAC_TIME.contains(code) || text != null && HMAC_TIME_TEXT.matcher(text).find();
    }

    /** Whether AWS refused the time the request was signed at (this host's clock), not the keys. */
    private static boolean awsTime(String code, String text) {
        if ("RequestTimeTooSkewed".equals(code)) {
            return true;
        }
        if (!"InvalidSignatureException".equals(code) || text == null) {
            return false;
        }
        String said = text.toLowerCase(Locale.ROOT);
        return said.contains("signature expired") || said.contains("signature not yet current");
    }
}
