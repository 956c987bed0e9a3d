package dev.junction.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address range ({@code 10.0.0.0/8}, {@code fd00::/8}) or one address ({@code 127.0.0.1}, i.e.
 * {@code /32}). Only literals: parsing never looks up a name. An IPv4 range never contains an IPv6
 * address (unwrap IPv4-mapped addresses first, see {@link AddressKind#embeddedIpv4}).
 */
public record AddressRange(InetAddress network, int prefixLength) {
    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("a prefix length of " + network.getHostAddress() + " is 0.." + bits + ", was " + prefixLength);
        }
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException with what was expected, when {@code text} is not one
     */
    public static AddressRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = InetLiterals.parse(address).orElseThrow(() -> new IllegalArgumentException(
                "expected an IP address or range like 10.0.0.0/8 or ::1, got '" + text + "'"));
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > bits) {
                throw new IllegalArgumentException("expected a prefix length 0.." + bits + " after '/' in '" + text + "'");
            }
            prefix = Integer.parseInt(digits);
        }
        return new AddressRange(network, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
