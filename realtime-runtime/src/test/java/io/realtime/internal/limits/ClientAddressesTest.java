package io.realtime.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forwarded headers name the client only when a trusted proxy sent them, and only as far back as trusted proxies
 * vouch for them: anyone else who sends them is still the address it connects from.
 */
class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "::1"));

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        assertThat(behindProxies.of("203.0.113.5", "for=192.0.2.60", "192.0.2.61"))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void aTrustedProxyNamesTheClientReadFromTheRightSkippingTrustedHops() {
        assertThat(behindProxies.of("10.0.0.1", null, "192.0.2.60, 198.51.100.9, 10.1.2.3"))
                .as("a client cannot push its own spoofed entry past the first untrusted hop")
                .isEqualTo("198.51.100.9");
        assertThat(behindProxies.of("10.0.0.1", "for=192.0.2.60;proto=https, for=\"[2001:db8::7]:4711\"", null))
                .as("Forwarded wins over X-Forwarded-For, IPv6 with a port")
                .isEqualTo("2001:db8::7");
        assertThat(behindProxies.of("::1", null, "192.0.2.60:8080")).isEqualTo("192.0.2.60");
    }

    @Test
    void aHopThatIsNoAddressStopsAtTheProxyThatWroteIt() {
        assertThat(behindProxies.of("10.0.0.1", "for=unknown", null)).isEqualTo("10.0.0.1");
        assertThat(behindProxies.of("10.0.0.1", null, "evil.example, 10.0.0.2")).isEqualTo("10.0.0.2");
    }

    @Test
    void aTrustedProxyTellsWhetherTheClientUsedHttps() {
        assertThat(behindProxies.secure(false, "10.0.0.1", null, "https")).isTrue();
        assertThat(behindProxies.secure(false, "10.0.0.1", null, "https, http")).isTrue();
        assertThat(behindProxies.secure(false, "10.0.0.1", null, "http")).isFalse();
        assertThat(behindProxies.secure(false, "10.0.0.1", "for=192.0.2.60;proto=\"https\"", null))
                .isTrue();
        assertThat(behindProxies.secure(false, "10.0.0.1", "for=192.0.2.60, for=10.0.0.2;proto=https", null))
                .as("the first element that names a scheme")
                .isTrue();
        assertThat(behindProxies.secure(false, "10.0.0.1", "for=192.0.2.60", "https"))
                .as("Forwarded wins over X-Forwarded-Proto")
                .isFalse();
        assertThat(behindProxies.secure(false, "10.0.0.1", null, null)).isFalse();
        assertThat(behindProxies.secure(true, "10.0.0.1", null, "http"))
                .as("a request over TLS is secure whatever a proxy says")
                .isTrue();
    }

    @Test
    void anUntrustedPeerCannotClaimHttps() {
        assertThat(behindProxies.secure(false, "203.0.113.5", null, "https")).isFalse();
        assertThat(behindProxies.secure(false, "203.0.113.5", "for=192.0.2.60;proto=https", null))
                .isFalse();
        assertThat(behindProxies.secure(false, "not an address", null, "https")).isFalse();
    }

    @Test
    void byDefaultOnlyTheLoopbackIsTrusted() {
        ClientAddresses defaults = new ClientAddresses(ClientAddresses.LOOPBACK);
        assertThat(defaults.of("127.0.0.1", null, "192.0.2.60")).isEqualTo("192.0.2.60");
        assertThat(defaults.of("10.0.0.1", null, "192.0.2.60")).isEqualTo("10.0.0.1");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64AndAnIpv4ClientByItsAddress() {
        assertThat(ClientAddresses.key("2001:db8:1:2:aaaa::1"))
                .isEqualTo(ClientAddresses.key("2001:db8:1:2:bbbb::2"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.key("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void anEntryThatIsNoAddressOrBlockIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .withMessageContaining("'proxy.internal'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClientAddresses.check("10.0.0.0/33"))
                .withMessageContaining("10.0.0.0/33");
    }
}
