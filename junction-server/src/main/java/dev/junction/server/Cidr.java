package dev.junction.server;

import dev.junction.net.AddressRange;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address range ({@code 10.0.0.0/8}, {@code fd00::/8}) or one address ({@code 127.0.0.1}, i.e.
 * {@code /32}). Only literals: parsing never looks up a name. The server's name for core's
 * {@link AddressRange}, which does the work.
 */
public record Cidr(InetAddress network, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        new AddressRange(network, prefixLength); // checks the prefix length
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException with what was expected, when {@code text} is not one
     */
    public static Cidr parse(String text) {
        AddressRange range = AddressRange.parse(text);
        return new Cidr(range.network(), range.prefixLength());
    }

    public boolean contains(InetAddress address) {
        return new AddressRange(network, prefixLength).contains(address);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
