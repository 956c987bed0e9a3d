package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.net.InetLiterals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.0/25, 192.168.1.127, true",
        "192.168.1.0/25, 192.168.1.128, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "0.0.0.0/0, 8.8.8.8, true",
        "fd00::/8, fd12:3456::1, true",
        "fd00::/8, fe80::1, false",
        "::1, ::1, true",
        "10.0.0.0/8, ::ffff:10.0.0.1, true",
        "::/0, 10.0.0.1, false",
    })
    void matchesAddressesByPrefix(String range, String address, boolean contained) {
        assertThat(Cidr.parse(range).contains(InetLiterals.parse(address).orElseThrow())).isEqualTo(contained);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost|expected an IP address or range like 10.0.0.0/8 or ::1, got 'localhost'",
        "10.0.0/8|expected an IP address or range like 10.0.0.0/8 or ::1, got '10.0.0/8'",
        "10.0.0.0/x|expected a prefix length 0..32 after '/' in '10.0.0.0/x'",
        "::1/129|expected a prefix length 0..128 after '/' in '::1/129'",
    })
    void refusesWhatIsNoAddressRangeSayingWhatWasExpected(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
