package io.realtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginsTest {

    private final Origins sameOriginOnly = new Origins(Set.of());

    @Test
    void requestsWithoutOriginPassUnlessTheBrowserSaysCrossSite() {
        assertThat(sameOriginOnly.allows(null, null, "app.example.com")).isTrue();
        assertThat(sameOriginOnly.allows(null, "same-origin", "app.example.com"))
                .isTrue();
        assertThat(sameOriginOnly.allows(null, "none", "app.example.com")).isTrue();
        assertThat(sameOriginOnly.allows(null, "cross-site", "app.example.com")).isFalse();
        assertThat(sameOriginOnly.allows(null, "same-site", "app.example.com")).isFalse();
    }

    @Test
    void theServersOwnOriginPassesWithDefaultPortsMadeExplicit() {
        assertThat(sameOriginOnly.allows("http://app.example.com", null, "app.example.com"))
                .isTrue();
        assertThat(sameOriginOnly.allows("http://app.example.com", null, "app.example.com:80"))
                .isTrue();
        assertThat(sameOriginOnly.allows("https://app.example.com", null, "app.example.com:443"))
                .isTrue();
        assertThat(sameOriginOnly.allows("HTTP://App.Example.com:8080", null, "app.example.com:8080"))
                .isTrue();
        assertThat(sameOriginOnly.allows("http://[::1]:8080", null, "[::1]:8080"))
                .isTrue();
        assertThat(sameOriginOnly.allows("http://[::1]", null, "[::1]:80")).isTrue();
        assertThat(sameOriginOnly.allows("https://app.example.com", null, "app.example.com"))
                .as("behind a TLS-terminating proxy the page is https and the request plain http")
                .isTrue();
    }

    @Test
    void otherHostsPortsAndOpaqueOriginsAreRefused() {
        assertThat(sameOriginOnly.allows("http://evil.example", null, "app.example.com"))
                .isFalse();
        assertThat(sameOriginOnly.allows("http://app.example.com:8081", null, "app.example.com:8080"))
                .isFalse();
        assertThat(sameOriginOnly.allows("https://app.example.com", null, "app.example.com:80"))
                .isFalse();
        assertThat(sameOriginOnly.allows("null", null, "app.example.com")).isFalse();
        assertThat(sameOriginOnly.allows("file://", null, "app.example.com")).isFalse();
        assertThat(sameOriginOnly.allows("http://app.example.com", null, null)).isFalse();
    }

    @Test
    void anAllowlistedOriginPassesEvenCrossSite() {
        Origins origins = new Origins(Set.of("https://app.example.com"));
        assertThat(origins.allows("https://app.example.com", "cross-site", "api.example.com"))
                .isTrue();
        assertThat(origins.allows("https://other.example.com", "cross-site", "api.example.com"))
                .isFalse();
        assertThat(origins.allows(null, "cross-site", "api.example.com")).isFalse();
    }

    @Test
    void aWildcardAllowsEveryOrigin() {
        Origins any = new Origins(Set.of("*"));
        assertThat(any.allows("http://evil.example", "cross-site", "app.example.com"))
                .isTrue();
        assertThat(any.allows(null, "cross-site", "app.example.com")).isTrue();
    }

    @Test
    void listedHostsRefuseEveryOtherHostWhateverTheOrigin() {
        Origins hosts =
                new Origins(Set.of("https://admin.example.com"), Set.of("app.example.com", "app.example.com:8443"));
        assertThat(hosts.allows(null, null, "app.example.com")).isTrue();
        assertThat(hosts.allows("https://app.example.com:8443", null, "App.Example.com:8443"))
                .isTrue();
        assertThat(hosts.allows("https://admin.example.com", "cross-site", "app.example.com"))
                .isTrue();
        assertThat(hosts.allows("http://rebind.example", null, "rebind.example"))
                .as("a rebound name, same-origin in the browser's eyes")
                .isFalse();
        assertThat(hosts.allows(null, null, "rebind.example")).isFalse();
        assertThat(hosts.allows(null, null, "app.example.com:8080")).isFalse();
        assertThat(hosts.allows(null, null, null)).isFalse();
    }

    @Test
    void aRequestIsForeignWhenItsOriginIsNotItsOwnWhateverTheAllowlist() {
        Origins listed = new Origins(Set.of("https://shop.example.com"));
        assertThat(listed.foreign(null, "app.example.com"))
                .as("a same-origin GET sends none")
                .isFalse();
        assertThat(listed.foreign("https://app.example.com", "app.example.com:443"))
                .isFalse();
        assertThat(listed.foreign("https://shop.example.com", "app.example.com"))
                .isTrue();
        assertThat(listed.foreign("https://shop.example.com", null)).isTrue();
    }
}
