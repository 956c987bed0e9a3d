package dev.junction.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP address literals to addresses, never through DNS (Java 21 has no {@code InetAddress.ofLiteral}). */
public final class InetLiterals {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private InetLiterals() {}

    /** {@code 10.1.2.3}, {@code ::1}, {@code [::1]}; anything else (names, ports, zones) is empty. */
    public static Optional<InetAddress> parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean literal = IPV4.matcher(s).matches() || (s.indexOf(':') >= 0 && s.length() <= 45 && IPV6.matcher(s).matches());
        if (!literal) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
