package dev.junction.http;

import dev.junction.net.AddressRange;
import dev.junction.net.InetLiterals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The outbound HTTP proxy every request through a connection (and every alert and event delivery)
 * goes through, as corporate networks require: {@code http://} requests are sent to the proxy, and
 * {@code https://} ones tunnelled through it with {@code CONNECT}, so TLS stays end to end. The
 * proxy's credentials, when its URL carries them ({@code http://user:password@proxy:3128}), go with
 * every request through it as Basic {@code Proxy-Authorization}.
 *
 * <p>From the server config's {@code egress.proxy} and {@code egress.noProxy}, else from the
 * environment as curl and most tools read it: {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY} (or their lower-case names).
 *
 * @param http the proxy of {@code http://} requests, or null for none
 * @param https the proxy of {@code https://} requests, or null for none
 * @param noProxy hosts reached directly: a name (which covers its subdomains: {@code example.com},
 *     {@code .example.com}), an address or range ({@code 10.0.0.0/8}), or {@code *} for every host
 */
public record EgressProxy(URI http, URI https, List<String> noProxy) {
    /** No proxy: every request connects directly. */
    public static final EgressProxy NONE = new EgressProxy(null, null, List.of());

    public EgressProxy {
        check(http, "http proxy");
        check(https, "https proxy");
        noProxy = noProxy == null ? List.of() : noProxy.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String entry : noProxy) {
            checkNoProxy(entry);
        }
    }

    /**
     * One proxy for both schemes ({@code egress.proxy}), with the hosts reached directly; {@code url} blank or {@code none}: no proxy.
     *
     * @throws IllegalArgumentException saying what a proxy URL looks like when {@code url} is not one
     */
    public static EgressProxy of(String url, List<String> noProxy) {
        if (url == null || url.isBlank() || url.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        URI proxy = parse(url, null);
        return new EgressProxy(proxy, proxy, noProxy);
    }

    /**
     * The proxy the environment names: {@code HTTPS_PROXY} for https requests and {@code HTTP_PROXY} for
     * http ones (upper or lower case; the lower-case name wins, as in curl), {@code NO_PROXY} a comma-separated
     * list of hosts reached directly. {@link #NONE} when neither proxy is set.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a proxy URL
     */
    public static EgressProxy fromEnvironment(Function<String, String> env) {
        String[] https = variable(env, "https_proxy");
        String[] http = variable(env, "http_proxy");
        if (https == null && http == null) {
            return NONE;
        }
        String[] no = variable(env, "no_proxy");
        return new EgressProxy(http == null ? null : parse(http[1], "environment variable " + http[0]),
                https == null ? null : parse(https[1], "environment variable " + https[0]), no == null ? List.of() : Arrays.asList(no[1].split(",")));
    }

    /** Whether some requests go through a proxy. */
    public boolean any() {
        return http != null || https != null;
    }

    /** The proxy a request to {@code target} goes through, or null when it connects directly. */
    public URI proxyFor(URI target) {
        URI proxy = "https".equalsIgnoreCase(target.getScheme()) ? https : "http".equalsIgnoreCase(target.getScheme()) ? http : null;
        return proxy == null || bypasses(target.getHost()) ? null : proxy;
    }

    /** Whether {@code host} is reached directly ({@code noProxy}). */
    public boolean bypasses(String host) {
        if (host == null) {
            return true;
        }
        String name = EgressPolicy.normalize(host);
        for (String entry : noProxy) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.equals("*")) {
                return true;
            }
            if (InetLiterals.parse(e.contains("/") ? e.substring(0, e.indexOf('/')) : e).isPresent()) {
                var address = InetLiterals.parse(name);
                if (address.isPresent() && AddressRange.parse(e).contains(address.get())) {
                    return true;
                }
                continue;
            }
            String domain = e.startsWith("*.") ? e.substring(2) : e.startsWith(".") ? e.substring(1) : e;
            domain = domain.contains(":") ? domain.substring(0, domain.indexOf(':')) : domain; // host:port, as curl allows: the port is not compared
            if (name.equals(domain) || name.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** Sets the proxy (and its credentials) on a JDK client that sends requests through connections; nothing when there is none. */
    public HttpClient.Builder configure(HttpClient.Builder builder) {
        if (!any()) {
            return builder;
        }
        builder.proxy(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                URI proxy = proxyFor(uri);
                return proxy == null ? List.of(Proxy.NO_PROXY) : List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port(proxy))));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // nothing to fall back to: the request fails, as a connect failure, and the retry step decides
            }
        });
        return builder;
    }

    /**
     * The {@code Proxy-Authorization} value for a request to {@code target} that goes through a proxy with
     * credentials ({@code Basic}, sent with the request, and by the JDK client on its {@code CONNECT} for an
     * https one); null otherwise, so a request that connects directly never carries it. Sent up front
     * rather than after a 407: every attempt on the wire is the pipeline's own (the JDK client makes none
     * of its own, {@link JdkClientRetries}).
     */
    public String authorizationFor(URI target) {
        return authorization(proxyFor(target));
    }

    /** The {@code Proxy-Authorization} value for requests through {@code proxy} (one {@link #proxyFor} gave); null when it has no credentials or is null. */
    public static String authorization(URI proxy) {
        PasswordAuthentication credentials = credentials(proxy);
        if (credentials == null) {
            return null;
        }
        String pair = credentials.getUserName() + ":" + new String(credentials.getPassword());
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The proxy's password, to be redacted wherever it could show; null when none. */
    public java.util.Set<String> secrets() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (URI proxy : new URI[] {http, https}) {
            PasswordAuthentication credentials = credentials(proxy);
            if (credentials != null && credentials.getPassword().length > 0) {
                out.add(new String(credentials.getPassword()));
            }
        }
        return out;
    }

    /** The proxy URLs with their passwords hidden. */
    @Override
    public String toString() {
        if (!any()) {
            return "no proxy";
        }
        String shown = https != null && https.equals(http) ? "proxy " + hidden(https) : (https == null ? "" : "https via " + hidden(https))
                + (https != null && http != null ? ", " : "") + (http == null ? "" : "http via " + hidden(http));
        return shown + (noProxy.isEmpty() ? "" : ", not for " + String.join(",", noProxy));
    }

    /** A proxy URL as shown in messages: its user, but not its password. */
    public static String hidden(URI proxy) {
        return "http://" + (proxy.getRawUserInfo() == null ? "" : proxy.getRawUserInfo().split(":", 2)[0] + ":***@") + proxy.getHost() + ":" + port(proxy);
    }

    private static PasswordAuthentication credentials(URI proxy) {
        if (proxy == null || proxy.getRawUserInfo() == null) {
            return null;
        }
        String[] parts = proxy.getRawUserInfo().split(":", 2);
        return new PasswordAuthentication(decode(parts[0]), (parts.length > 1 ? decode(parts[1]) : "").toCharArray());
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int port(URI proxy) {
        return proxy.getPort();
    }

    /** {@code [name, value]} of the lower-case variable, else the upper-case one; null when neither is set (or blank). */
    private static String[] variable(Function<String, String> env, String lower) {
        for (String name : List.of(lower, lower.toUpperCase(Locale.ROOT))) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                return new String[] {name, value.strip()};
            }
        }
        return null;
    }

    private static URI parse(String url, String where) {
        String text = url.strip();
        if (!text.contains("://")) {
            text = "http://" + text; // proxy:3128, as many set HTTP_PROXY
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix(where) + "expected a proxy URL like http://proxy.internal:3128 (or http://user:password@host:port),"
                    + " found a value that is not a URL");
        }
        check(uri, where);
        return uri;
    }

    private static void check(URI proxy, String where) {
        if (proxy == null) {
            return;
        }
        String expected = "expected a proxy URL like http://proxy.internal:3128 (or http://user:password@host:port)";
        if ("https".equalsIgnoreCase(proxy.getScheme())) {
            throw new IllegalArgumentException(prefix(where) + "a TLS connection to the proxy itself (https://" + proxy.getHost() + ") is not supported; "
                    + "use http://HOST:PORT (https requests are still tunnelled through it with TLS end to end)");
        }
        if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null) {
            throw new IllegalArgumentException(prefix(where) + expected + ", found '" + proxy.getScheme() + "://" + (proxy.getHost() == null ? "..." : proxy.getHost()) + "'");
        }
        if (proxy.getPort() < 1) {
            throw new IllegalArgumentException(prefix(where) + expected + ": the port is missing (http://" + proxy.getHost() + ":PORT)");
        }
        String path = proxy.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || proxy.getRawQuery() != null) {
            throw new IllegalArgumentException(prefix(where) + expected + ": a proxy URL has no path or query");
        }
    }

    private static String prefix(String where) {
        return where == null ? "" : where + ": ";
    }

    private static void checkNoProxy(String entry) {
        String e = entry.toLowerCase(Locale.ROOT);
        if (e.equals("*")) {
            return;
        }
        if (InetLiterals.parse(e.contains("/") ? e.substring(0, e.indexOf('/')) : e).isPresent()) {
            try {
                AddressRange.parse(e);
                return;
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("noProxy entry '" + entry + "': " + ex.getMessage());
            }
        }
        String name = e.startsWith("*.") ? e.substring(2) : e.startsWith(".") ? e.substring(1) : e;
        String host = name.contains(":") ? name.substring(0, name.indexOf(':')) : name; // curl allows host:port; the port is ignored
        if (!host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("noProxy entry '" + entry + "': expected a host name (example.com, .example.com), an address or"
                    + " range (10.0.0.0/8) or *");
        }
    }
}
