package dev.junction.http.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The process's name resolver (registered in {@code META-INF/services}): the JDK's own, except that a
 * name a policed request holds in {@link EgressPins} resolves to its pinned addresses, so the JDK
 * client connects where the outbound address policy looked. Names nobody holds resolve as usual.
 *
 * <p>{@link #overrideNames} lets tests answer names of their own ({@code evil.test} → 169.254.169.254)
 * through this same resolver; nothing else uses it.
 */
public final class EgressResolverProvider extends InetAddressResolverProvider {
    private static volatile Map<String, List<InetAddress>> testNames = Map.of();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        EgressPins.markProviderActive();
        return over(configuration.builtinResolver());
    }

    /** The resolver this provider installs, answering through {@code builtin} names nobody holds. */
    static InetAddressResolver over(InetAddressResolver builtin) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                InetAddress[] pinned = EgressPins.pinned(host);
                if (pinned != null) {
                    return answer(host, Arrays.asList(pinned), policy);
                }
                List<InetAddress> named = testNames.get(host.toLowerCase(java.util.Locale.ROOT));
                List<InetAddress> found = named != null ? named : builtin.lookupByName(host, policy).toList();
                InetAddress[] pinnedMeanwhile = EgressPins.pinned(host); // a request pinned the name while this lookup ran
                return answer(host, pinnedMeanwhile != null ? Arrays.asList(pinnedMeanwhile) : found, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "junction-egress";
    }

    /**
     * Tests only: answers these names (lower case) with these address literals through the process's
     * resolver, instead of DNS; an empty map ends it. Mind the JDK's own cache of answers (30 s):
     * give each test names of its own.
     */
    public static void overrideNames(Map<String, List<String>> names) {
        Objects.requireNonNull(names, "names");
        Map<String, List<InetAddress>> parsed = new java.util.HashMap<>();
        names.forEach((name, literals) -> parsed.put(name.toLowerCase(java.util.Locale.ROOT), literals.stream()
                .map(text -> dev.junction.net.InetLiterals.parse(text).orElseThrow(() -> new IllegalArgumentException(
                        "overrideNames: '" + text + "' for " + name + " is not an IP address literal")))
                .toList()));
        testNames = Map.copyOf(parsed);
    }

    /** The addresses of the families the lookup asked for, in the order it prefers. */
    private static Stream<InetAddress> answer(String host, List<InetAddress> addresses, InetAddressResolver.LookupPolicy policy)
            throws UnknownHostException {
        int c = policy.characteristics();
        boolean v4 = (c & InetAddressResolver.LookupPolicy.IPV4) != 0;
        boolean v6 = (c & InetAddressResolver.LookupPolicy.IPV6) != 0;
        List<InetAddress> kept = addresses.stream().filter(a -> a instanceof Inet4Address ? v4 : a instanceof Inet6Address && v6).toList();
        if ((c & InetAddressResolver.LookupPolicy.IPV6_FIRST) != 0) {
            kept = Stream.concat(kept.stream().filter(a -> a instanceof Inet6Address), kept.stream().filter(a -> a instanceof Inet4Address)).toList();
        } else if ((c & InetAddressResolver.LookupPolicy.IPV4_FIRST) != 0) {
            kept = Stream.concat(kept.stream().filter(a -> a instanceof Inet4Address), kept.stream().filter(a -> a instanceof Inet6Address)).toList();
        }
        if (kept.isEmpty()) {
            throw new UnknownHostException(host + ": no address of the family asked for");
        }
        return kept.stream();
    }
}
