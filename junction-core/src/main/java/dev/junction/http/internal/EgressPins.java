package dev.junction.http.internal;

import dev.junction.net.InetLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses a host name is pinned to while a policed request to it is in flight, so that the
 * address the policy checked is the address the JDK client connects to: the transport resolves the
 * host here and checks each address, then sends; meanwhile {@link EgressResolverProvider} answers
 * every lookup of that name (the client's own) with the pinned addresses, not with a fresh DNS
 * answer that may have changed in between (DNS rebinding). Requests to one host that overlap share
 * one pin: each checks the same addresses against its own policy.
 *
 * <p>Process-wide state, because the JDK's name resolver is process-wide. {@link #providerActive()}
 * says whether the provider was installed (it is, from {@code META-INF/services}, unless another
 * provider came first); without it the check still runs on the addresses resolved here.
 */
public final class EgressPins {
    private record Pin(InetAddress[] addresses, int holders) {}

    private static final Map<String, Pin> PINS = new HashMap<>(); // guarded by PINS
    private static volatile boolean providerActive;

    private EgressPins() {}

    /** A host's addresses held for one request; close it when the request is done. */
    public static final class Hold implements AutoCloseable {
        private final String key;
        private final InetAddress[] addresses;
        private boolean closed;

        private Hold(String key, InetAddress[] addresses) {
            this.key = key;
            this.addresses = addresses;
        }

        /** The addresses the request may connect to: check every one. */
        public InetAddress[] addresses() {
            return addresses.clone();
        }

        @Override
        public void close() {
            if (key == null || closed) {
                return;
            }
            closed = true;
            synchronized (PINS) {
                Pin pin = PINS.get(key);
                if (pin != null) {
                    if (pin.holders() <= 1) {
                        PINS.remove(key);
                    } else {
                        PINS.put(key, new Pin(pin.addresses(), pin.holders() - 1));
                    }
                }
            }
        }
    }

    /**
     * Resolves {@code host} (an address literal is its own answer) and pins the answer until the
     * hold is closed; when the host is pinned already, holds that answer instead of looking again.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public static Hold hold(String host) throws UnknownHostException {
        Optional<InetAddress> literal = InetLiterals.parse(host);
        if (literal.isPresent()) {
            return new Hold(null, new InetAddress[] {literal.get()});
        }
        String key = key(host);
        synchronized (PINS) {
            Pin pin = PINS.get(key);
            if (pin != null) {
                PINS.put(key, new Pin(pin.addresses(), pin.holders() + 1));
                return new Hold(key, pin.addresses());
            }
        }
        InetAddress[] resolved = InetAddress.getAllByName(key); // outside the lock: a slow lookup holds up no other host
        synchronized (PINS) {
            Pin pin = PINS.get(key);
            Pin now = pin == null ? new Pin(resolved, 1) : new Pin(pin.addresses(), pin.holders() + 1);
            PINS.put(key, now);
            return new Hold(key, now.addresses());
        }
    }

    /**
     * Like {@link #hold}, for a request that goes through {@code proxy} when it applies: a name only the proxy can
     * resolve (networks where only the proxy reaches out) gives null, the proxy's to resolve and allow.
     *
     * @throws UnknownHostException when the name does not resolve and the request connects directly
     */
    public static Hold holdUnlessProxied(java.net.URI url, dev.junction.http.EgressProxy proxy) throws UnknownHostException {
        try {
            return hold(url.getHost());
        } catch (UnknownHostException e) {
            if (proxy.proxyFor(url) != null) {
                return null;
            }
            throw e;
        }
    }

    /** The pinned addresses of {@code host}, or null when no request holds it; for the resolver provider. */
    static InetAddress[] pinned(String host) {
        synchronized (PINS) {
            Pin pin = PINS.get(key(host));
            return pin == null ? null : pin.addresses().clone();
        }
    }

    /** Whether the JDK uses {@link EgressResolverProvider}, so the client's lookups see the pins. */
    public static boolean providerActive() {
        return providerActive;
    }

    static void markProviderActive() {
        providerActive = true;
    }

    private static String key(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
