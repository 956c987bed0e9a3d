package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DNS rebinding: the address the policy checked is the one the client's own lookup gets. */
class EgressPinsTest {
    private static final LookupPolicy ANY = LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6);

    @AfterEach
    void forgetNames() {
        EgressResolverProvider.overrideNames(Map.of());
    }

    @Test
    void theProcessResolvesThroughTheEgressProvider() throws Exception {
        EgressResolverProvider.overrideNames(Map.of("installed.egress.test", List.of("192.0.2.10")));

        assertThat(InetAddress.getByName("installed.egress.test").getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(EgressPins.providerActive()).isTrue();
    }

    @Test
    void aNameHeldForARequestKeepsItsCheckedAddressesWhenDnsChangesItsAnswer() throws Exception {
        EgressResolverProvider.overrideNames(Map.of("rebind.egress.test", List.of("192.0.2.20")));
        InetAddressResolver resolver = EgressResolverProvider.over(builtin());

        try (EgressPins.Hold hold = EgressPins.hold("rebind.egress.test")) {
            assertThat(hold.addresses()).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.20");
            EgressResolverProvider.overrideNames(Map.of("rebind.egress.test", List.of("169.254.169.254"))); // the attacker's DNS changes its answer

            assertThat(resolver.lookupByName("rebind.egress.test", ANY)).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.20");
        }
        assertThat(resolver.lookupByName("rebind.egress.test", ANY)).extracting(InetAddress::getHostAddress).containsExactly("169.254.169.254");
    }

    @Test
    void overlappingRequestsShareOnePinUntilTheLastOneEnds() throws Exception {
        EgressResolverProvider.overrideNames(Map.of("shared.egress.test", List.of("192.0.2.30")));
        EgressPins.Hold first = EgressPins.hold("shared.egress.test");
        EgressPins.Hold second = EgressPins.hold("SHARED.egress.test.");

        first.close();
        assertThat(EgressPins.pinned("shared.egress.test")).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.30");
        second.close();
        assertThat(EgressPins.pinned("shared.egress.test")).isNull();
    }

    private static InetAddressResolver builtin() {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                throw new UnknownHostException(host + ": this test resolves only names it gave");
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                throw new UnknownHostException("no reverse lookups in this test");
            }
        };
    }
}
