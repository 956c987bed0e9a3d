package dev.junction.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * What kind of place an IP address is, for the outbound address policy. IPv6 addresses that carry an
 * IPv4 address (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64
 * {@code 64:ff9b::/96}) are judged by the IPv4 address they carry, so {@code ::ffff:169.254.169.254}
 * is a metadata address too.
 */
public enum AddressKind {
    /** A cloud provider's instance metadata service: credentials of the machine live there. */
    METADATA("a cloud metadata address"),
    /** 169.254.0.0/16, fe80::/10: the local link, where metadata services also answer. */
    LINK_LOCAL("a link-local address"),
    /** 127.0.0.0/8, ::1, 0.0.0.0/8, ::: this machine. */
    LOOPBACK("a loopback address"),
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7: a private network. */
    PRIVATE("a private network address"),
    /** Multicast and other addresses a request cannot be sent to. */
    NOT_UNICAST("not a unicast address"),
    /** Anything else: the public internet. */
    PUBLIC("a public address");

    private static final List<AddressRange> METADATA_RANGES = ranges("169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32");
    private static final List<AddressRange> LINK_LOCAL_RANGES = ranges("169.254.0.0/16", "fe80::/10");
    private static final List<AddressRange> LOOPBACK_RANGES = ranges("127.0.0.0/8", "0.0.0.0/8", "::1/128", "::/128");
    private static final List<AddressRange> PRIVATE_RANGES = ranges("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");
    private static final List<AddressRange> NOT_UNICAST_RANGES = ranges("224.0.0.0/4", "240.0.0.0/4", "ff00::/8");
    /** IPv4-mapped addresses ({@code ::ffff:a.b.c.d}) need no range: the JDK makes them IPv4 addresses itself. */
    private static final List<AddressRange> CARRIES_IPV4 = ranges("64:ff9b::/96", "::/96");

    private final String description;

    AddressKind(String description) {
        this.description = description;
    }

    /** {@code a cloud metadata address}, for messages. */
    public String description() {
        return description;
    }

    /** The kind of {@code address}. */
    public static AddressKind of(InetAddress address) {
        InetAddress judged = embeddedIpv4(address);
        if (in(METADATA_RANGES, judged)) {
            return METADATA;
        }
        if (in(LINK_LOCAL_RANGES, judged)) {
            return LINK_LOCAL;
        }
        if (in(LOOPBACK_RANGES, judged)) {
            return LOOPBACK;
        }
        if (in(PRIVATE_RANGES, judged)) {
            return PRIVATE;
        }
        if (in(NOT_UNICAST_RANGES, judged)) {
            return NOT_UNICAST;
        }
        return PUBLIC;
    }

    /**
     * The IPv4 address an IPv6 address carries (mapped, compatible, NAT64), or the address itself.
     * {@code ::} and {@code ::1} are IPv6's own (unspecified, loopback), not carriers.
     */
    public static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address) || in(LOOPBACK_RANGES, address) || !in(CARRIES_IPV4, address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an IPv4 address
        }
    }

    private static boolean in(List<AddressRange> ranges, InetAddress address) {
        for (AddressRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<AddressRange> ranges(String... texts) {
        return Arrays.stream(texts).map(AddressRange::parse).toList();
    }
}
