package dev.junction.http;

/**
 * Turns off the retries the JDK {@link java.net.http.HttpClient} makes by itself, so that every
 * attempt on the wire goes through the pipeline's retry step and lands in the exchange log.
 *
 * <p>Left alone, the JDK client (JDK 21 to 25, {@code jdk.internal.net.http.MultiExchange}) sends a
 * request a second time, without telling its caller, when
 * <ul>
 *   <li>a connection taken from its pool fails before any byte of the answer (a reset, an empty
 *       answer: {@code ConnectionExpiredException}) and the method is GET or HEAD, or any method with
 *       {@code jdk.httpclient.enableAllMethodRetry}; there is no switch for this one but the attempt
 *       limit {@value #ATTEMPT_LIMIT}, which counts every attempt of one {@code send};
 *   <li>connecting fails ({@code ConnectException}), unless {@value #RETRY_CONNECT} is set.
 * </ul>
 * A run against a flaky API then showed more requests at the server than in the log. With the limit
 * at 1 the JDK client fails such an attempt instead ({@code IOException("Too many retries")} with
 * the real failure as its cause; the transport unwraps it), and the pipeline decides and logs. The
 * client never follows redirects nor answers authentication challenges (the pipeline does), so the
 * limit takes nothing else away.
 *
 * <p>The client reads these system properties once, when it first sends a request, so they must be
 * set before that: the launcher and the test JVMs pass them with {@code -D}, and
 * {@link #turnOff()} (called before the pipeline makes its first client) sets each one the JVM was
 * not given. A value given on the command line wins.
 */
public final class JdkClientRetries {
    /** How many attempts one {@code HttpClient.send} may make (redirects and its own retries); JDK default 5. */
    public static final String ATTEMPT_LIMIT = "jdk.httpclient.redirects.retrylimit";
    /** {@code true}: a failed connect is not tried again by the client. */
    public static final String RETRY_CONNECT = "jdk.httpclient.disableRetryConnect";

    private JdkClientRetries() {}

    /**
     * Empty: the client sends a {@code Proxy-Authorization: Basic} header given with a request on its
     * {@code CONNECT} to the proxy too (JDK default {@code Basic}: dropped), so an https request
     * reaches a corporate proxy that asks for Basic credentials ({@link EgressProxy}). Read once, with
     * the others; a request that connects directly never carries the header.
     */
    public static final String TUNNEL_BASIC = "jdk.http.auth.tunneling.disabledSchemes";

    /** Sets {@value #ATTEMPT_LIMIT}=1, {@value #RETRY_CONNECT}=true and {@value #TUNNEL_BASIC} empty unless the JVM was given them. */
    public static void turnOff() {
        setIfAbsent(ATTEMPT_LIMIT, "1");
        setIfAbsent(RETRY_CONNECT, "true");
        setIfAbsent(TUNNEL_BASIC, "");
    }

    /** Whether this JVM's settings leave no retry to the JDK client (for a health line or a test). */
    public static boolean off() {
        return "1".equals(System.getProperty(ATTEMPT_LIMIT)) && Boolean.parseBoolean(System.getProperty(RETRY_CONNECT));
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
