package dev.junction.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressKindTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "169.254.169.254, METADATA",
        "fd00:ec2::254, METADATA",
        "100.100.100.200, METADATA",
        "::ffff:169.254.169.254, METADATA",
        "64:ff9b::a9fe:a9fe, METADATA",
        "169.254.1.1, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "127.0.0.1, LOOPBACK",
        "127.255.0.9, LOOPBACK",
        "::1, LOOPBACK",
        "0.0.0.0, LOOPBACK",
        "::, LOOPBACK",
        "::ffff:127.0.0.1, LOOPBACK",
        "10.1.2.3, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "192.168.0.1, PRIVATE",
        "100.64.0.1, PRIVATE",
        "fd12::1, PRIVATE",
        "224.0.0.1, NOT_UNICAST",
        "ff02::1, NOT_UNICAST",
        "172.32.0.1, PUBLIC",
        "8.8.8.8, PUBLIC",
        "2606:4700::1111, PUBLIC",
    })
    void classifiesAddresses(String address, AddressKind kind) {
        assertThat(AddressKind.of(InetLiterals.parse(address).orElseThrow())).isEqualTo(kind);
    }
}
