package dev.junction.http;

import dev.junction.net.AddressKind;
import dev.junction.net.AddressRange;
import dev.junction.net.InetLiterals;
import dev.junction.spec.DefinitionTrust;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The outbound address policy: where a request made through a connection may go, and how much of
 * an answer it may read. It is the one place that decides; the transport asks it for every request
 * (data requests, OAuth token and login calls, every redirect hop) on the address the host resolved
 * to, and connects to that same address (see the transport).
 *
 * <ul>
 *   <li>Cloud metadata addresses (169.254.169.254, fd00:ec2::254, 100.100.100.200, and the names
 *       {@code metadata.google.internal} / {@code metadata.goog}) and link-local addresses
 *       (169.254.0.0/16, fe80::/10) are never allowed, whoever applied the connection.</li>
 *   <li>Loopback (127.0.0.0/8, ::1, 0.0.0.0) and private addresses (10/8, 172.16/12, 192.168/16,
 *       100.64/10, fc00::/7) are allowed to the operator's connections, and to a tenant's only when
 *       {@code allowPrivate} is set or an {@code allow} entry names the address or host.</li>
 *   <li>Multicast and reserved addresses are never allowed.</li>
 * </ul>
 *
 * @param allowPrivate whether tenant-applied connections may reach loopback and private addresses
 * @param allow address ranges ({@code 10.1.0.0/16}, {@code 192.168.1.20}) and host names
 *     ({@code crm.internal.example}, {@code *.internal.example}) tenant-applied connections may reach
 *     although they are private or loopback; never metadata or link-local
 * @param maxRedirects how many redirects one request follows before it fails
 * @param maxResponseBytes the largest response body read; a larger one fails the request
 * @param proxy the outbound HTTP proxy requests go through; null: the one the environment names
 *     ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}), which the engine reads ({@link #withProxyFrom})
 */
public record EgressPolicy(boolean allowPrivate, List<String> allow, int maxRedirects, long maxResponseBytes, EgressProxy proxy) {
    /** 32 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    /** Metadata for every tenant, 5 redirects, 32 MiB bodies, private addresses for operator connections only. */
    public static final EgressPolicy DEFAULT = new EgressPolicy(false, List.of(), DEFAULT_MAX_REDIRECTS, DEFAULT_MAX_RESPONSE_BYTES);

    /** Names of metadata services, refused whatever they resolve to. */
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata");

    /** With the environment's proxy. */
    public EgressPolicy(boolean allowPrivate, List<String> allow, int maxRedirects, long maxResponseBytes) {
        this(allowPrivate, allow, maxRedirects, maxResponseBytes, null);
    }

    public EgressPolicy {
        allow = List.copyOf(Objects.requireNonNull(allow, "allow"));
        for (int i = 0; i < allow.size(); i++) {
            checkAllowEntry(allow.get(i), "egress.allow[" + i + "]");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("egress.maxRedirects: expected 0 or more, was " + maxRedirects);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("egress.maxResponseBody: expected 1 byte or more, was " + maxResponseBytes);
        }
    }

    public EgressPolicy withAllowPrivate(boolean value) {
        return new EgressPolicy(value, allow, maxRedirects, maxResponseBytes, proxy);
    }

    public EgressPolicy withAllow(List<String> value) {
        return new EgressPolicy(allowPrivate, value, maxRedirects, maxResponseBytes, proxy);
    }

    public EgressPolicy withMaxRedirects(int value) {
        return new EgressPolicy(allowPrivate, allow, value, maxResponseBytes, proxy);
    }

    public EgressPolicy withMaxResponseBytes(long value) {
        return new EgressPolicy(allowPrivate, allow, maxRedirects, value, proxy);
    }

    /** {@code value}: the proxy requests go through ({@link EgressProxy#NONE}: none, whatever the environment says); null: the environment's. */
    public EgressPolicy withProxy(EgressProxy value) {
        return new EgressPolicy(allowPrivate, allow, maxRedirects, maxResponseBytes, value);
    }

    /** This policy with its proxy decided: the one set, else the one {@code env} names. */
    public EgressPolicy withProxyFrom(java.util.function.Function<String, String> env) {
        return proxy != null ? this : withProxy(EgressProxy.fromEnvironment(env));
    }

    /** The proxy requests go through; {@link EgressProxy#NONE} when none was decided. */
    public EgressProxy proxyInUse() {
        return proxy == null ? EgressProxy.NONE : proxy;
    }

    /**
     * Refuses a host by its name alone, before any lookup: metadata service names.
     *
     * @return why {@code host} may not be reached, or null when its addresses decide
     */
    public String refusalOfName(String host) {
        String name = normalize(host);
        if (METADATA_HOSTS.contains(name)) {
            return host + " is a cloud metadata service; requests there are never allowed";
        }
        return null;
    }

    /**
     * The decision for one address {@code host} resolved to.
     *
     * @return why the request may not go there (one sentence naming the host, the address and the
     *     reason), or null when it may
     */
    public String refusal(String host, InetAddress address, DefinitionTrust trust) {
        return refusal(host, address, trust, "a tenant's connection");
    }

    /**
     * Like {@link #refusal(String, InetAddress, DefinitionTrust)}, naming what a tenant's refusal is
     * about ({@code "a tenant's event subscription"}).
     */
    public String refusal(String host, InetAddress address, DefinitionTrust trust, String tenantsWhat) {
        AddressKind kind = AddressKind.of(address);
        String shown = address.getHostAddress();
        String what = InetLiterals.parse(host).isPresent() ? host + " is " : host + " resolves to " + shown + ", ";
        return switch (kind) {
            case METADATA, LINK_LOCAL, NOT_UNICAST -> what + kind.description() + "; requests there are never allowed";
            case LOOPBACK, PRIVATE -> trust == DefinitionTrust.OPERATOR || allowPrivate || allowed(host, address) ? null
                    : what + kind.description() + "; " + tenantsWhat + " may not reach it unless the server's egress settings allow it"
                            + " (egress.allowPrivate, or egress.allow with this address or host)";
            case PUBLIC -> null;
        };
    }

    private boolean allowed(String host, InetAddress address) {
        String name = normalize(host);
        InetAddress judged = AddressKind.embeddedIpv4(address);
        for (String entry : allow) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (InetLiterals.parse(e.contains("/") ? e.substring(0, e.indexOf('/')) : e).isPresent()) {
                if (AddressRange.parse(e).contains(judged)) {
                    return true;
                }
            } else if (e.startsWith("*.") ? name.endsWith(e.substring(1)) : name.equals(e)) {
                return true;
            }
        }
        return false;
    }

    private static void checkAllowEntry(String entry, String where) {
        String e = entry == null ? "" : entry.strip();
        if (InetLiterals.parse(e.contains("/") ? e.substring(0, e.indexOf('/')) : e).isPresent()) {
            try {
                AddressRange.parse(e);
                return;
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage());
            }
        }
        if (!e.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException(where + ": expected an address range like 10.1.0.0/16, an address like 192.168.1.20, or a host name like"
                    + " crm.internal.example or *.internal.example, found '" + entry + "'");
        }
    }

    /** Lower case, without IPv6 brackets and a trailing dot. */
    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
