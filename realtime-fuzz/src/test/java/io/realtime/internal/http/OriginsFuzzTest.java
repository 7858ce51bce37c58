package io.realtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

/**
 * The same-origin rule over any {@code Origin}, {@code Sec-Fetch-Site} and {@code Host} headers: never an
 * exception; without an allowlist an origin is allowed only when it names the request's own host and port; an
 * allowlisted origin is always allowed, whatever the other headers say.
 */
class OriginsFuzzTest {

    private static final Origins SAME_ORIGIN = new Origins(Set.of());
    private static final Origins LISTED = new Origins(Set.of("https://app.example.com"));

    @FuzzTest
    void origin(FuzzedDataProvider data) {
        String origin = data.consumeBoolean() ? null : data.consumeString(120);
        String fetchSite = data.consumeBoolean() ? null : data.consumeString(20);
        String host = data.consumeBoolean() ? null : data.consumeRemainingAsString();

        boolean allowed = SAME_ORIGIN.allows(origin, fetchSite, host);
        if (origin != null && allowed) {
            assertThat(host).isNotNull();
            String authority = origin.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("^https?://", "");
            assertThat(authority.replaceFirst(":(80|443)$", ""))
                    .isEqualTo(host.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst(":(80|443)$", ""));
        }
        assertThat(LISTED.allows(" HTTPS://APP.example.com ", fetchSite, host)).isTrue();
        LISTED.allows(origin, fetchSite, host);
    }
}
