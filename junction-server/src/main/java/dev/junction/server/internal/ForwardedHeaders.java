package dev.junction.server.internal;

import dev.junction.net.InetLiterals;
import dev.junction.server.Cidr;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a request really came from. {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} are
 * believed only when the peer is a configured trusted proxy; otherwise anyone could claim any address.
 * The client is the nearest address of {@code X-Forwarded-For} that is not itself a trusted proxy
 * (read right to left, as each proxy appends its peer). {@code Forwarded} (RFC 7239) is not read.
 */
public final class ForwardedHeaders {
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    /** What the server tells handlers about a request's origin. */
    public record Origin(String clientAddress, String scheme, String host) {
        public String baseUrl() {
            return scheme + "://" + host;
        }
    }

    private final List<Cidr> trusted;

    public ForwardedHeaders(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    public Origin resolve(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        String ownHost = ownHost(ctx);
        String scheme = ctx.req().getScheme().toLowerCase(Locale.ROOT);
        if (!isTrusted(peer)) {
            return new Origin(peer, scheme, ownHost);
        }
        String client = client(peer, headerValues(ctx, "X-Forwarded-For"));
        String proto = first(headerValues(ctx, "X-Forwarded-Proto")).map(p -> p.toLowerCase(Locale.ROOT))
                .filter(p -> p.equals("http") || p.equals("https")).orElse(scheme);
        String host = first(headerValues(ctx, "X-Forwarded-Host")).filter(h -> HOST.matcher(h).matches()).orElse(ownHost);
        return new Origin(client, proto, host);
    }

    private String client(String peer, List<String> forwardedFor) {
        String client = peer;
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            Optional<InetAddress> address = InetLiterals.parse(stripPort(forwardedFor.get(i)));
            if (address.isEmpty()) {
                break; // garbage from an untrusted hop: keep the last address a trusted proxy vouched for
            }
            client = address.get().getHostAddress();
            if (!isTrusted(address.get())) {
                break;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        return !trusted.isEmpty() && InetLiterals.parse(address).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String ownHost(Context ctx) {
        String host = ctx.header("Host");
        if (host != null && HOST.matcher(host.strip()).matches()) {
            return host.strip();
        }
        String name = ctx.req().getLocalAddr();
        return (name.contains(":") ? "[" + name + "]" : name) + ":" + ctx.req().getLocalPort();
    }

    /** Every comma-separated value of every instance of a header, in order. */
    private static List<String> headerValues(Context ctx, String name) {
        List<String> values = new ArrayList<>();
        for (String header : Collections.list(ctx.req().getHeaders(name))) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values;
    }

    private static Optional<String> first(List<String> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** {@code 1.2.3.4:5678} and {@code [::1]:5678} to the address alone. */
    private static String stripPort(String value) {
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        return colon > 0 && colon == value.lastIndexOf(':') ? value.substring(0, colon) : value;
    }
}
