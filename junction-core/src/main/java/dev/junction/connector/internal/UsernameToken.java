package dev.junction.connector.internal;

import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.SoapSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * WS-Security UsernameToken (OASIS UsernameToken profile 1.0), added on every attempt so each
 * retry carries a fresh {@code Nonce} (16 random bytes) and {@code Created} time: servers refuse a
 * nonce they have seen. {@code PasswordDigest} sends Base64(SHA-1(nonce + created + password));
 * {@code PasswordText} the password itself, which the exchange log redacts like every secret. It
 * fills the empty {@code wsse:Security} element {@link SoapEnvelope} leaves in the Header and leaves
 * every other request alone. Thread-safe.
 */
public final class UsernameToken implements Interceptor {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#";
    static final String BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    private static final String OPEN = "<wsse:Security xmlns:wsse=\"" + WSSE + "\" xmlns:wsu=\"" + WSU + "\" soap:mustUnderstand=\"1\">";
    private static final String CLOSE = "</wsse:Security>";
    /** What an envelope's Header holds until an attempt fills it. */
    static final String EMPTY = OPEN + CLOSE;

    private final String username;
    private final String password;
    private final SoapSpec.PasswordType type;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public UsernameToken(String username, String password, SoapSpec.PasswordType type, Clock clock) {
        this.username = username;
        this.password = password;
        this.type = type == null ? SoapSpec.PasswordType.DIGEST : type;
        this.clock = clock;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        String body = request.hasBody() ? request.bodyText() : null;
        int at = body == null ? -1 : body.indexOf(EMPTY);
        if (at < 0) {
            return chain.proceed(request);
        }
        String filled = body.substring(0, at) + OPEN + token() + CLOSE + body.substring(at + EMPTY.length());
        return chain.proceed(request.withBody(filled.getBytes(StandardCharsets.UTF_8)));
    }

    private String token() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String created = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String sent = type == SoapSpec.PasswordType.DIGEST ? digest(nonce, created, password) : password;
        return "<wsse:UsernameToken><wsse:Username>" + Xml.escape(username) + "</wsse:Username>"
                + "<wsse:Password Type=\"" + PROFILE + type.yamlName() + "\">" + Xml.escape(sent) + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"" + BASE64 + "\">" + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
                + "<wsu:Created>" + created + "</wsu:Created></wsse:UsernameToken>";
    }

    /** Base64(SHA-1(nonce + created + password)), the bytes of the texts in UTF-8. */
    static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ws-security(" + type.yamlName() + ")";
    }
}
