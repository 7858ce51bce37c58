package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The browser cookie is one a script cannot read and another site's request does not carry; on {@code https} it
 * is {@code __Host-} prefixed, which requires {@code Secure} and {@code Path=/}.
 */
class BrowserCookieTest {

    private static final String VALUE = "Yr3Kw9Lp0aQe4UsTn7Vx2g";

    @Test
    void overHttpItIsHttpOnlyLaxAndScopedToTheApplication() {
        assertThat(BrowserCookie.header(VALUE, false, "/shop"))
                .isEqualTo("realtime-browser=Yr3Kw9Lp0aQe4UsTn7Vx2g; Path=/shop; HttpOnly; SameSite=Lax");
        assertThat(BrowserCookie.header(VALUE, false, "")).contains("; Path=/;");
    }

    @Test
    void overHttpsItIsHostPrefixedSecureAndForTheWholeHost() {
        assertThat(BrowserCookie.header(VALUE, true, "/shop"))
                .isEqualTo("__Host-realtime-browser=Yr3Kw9Lp0aQe4UsTn7Vx2g; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void theRequestsCookieIsReadPrefixedFirstAndAValueOfAnotherShapeIsNone() {
        assertThat(BrowserCookie.of(with(Map.of(BrowserCookie.NAME, VALUE)))).isEqualTo(VALUE);
        assertThat(BrowserCookie.of(with(Map.of(BrowserCookie.NAME, "other", BrowserCookie.SECURE_NAME, VALUE))))
                .isEqualTo(VALUE);
        assertThat(BrowserCookie.of(with(Map.of(BrowserCookie.NAME, VALUE + "="))))
                .isNull();
        assertThat(BrowserCookie.of(with(Map.of("JSESSIONID", VALUE)))).isNull();
    }

    private static Handshake with(Map<String, String> cookies) {
        return new Handshake(null, null, cookies, Map.of(), Map.of(), "127.0.0.1");
    }
}
