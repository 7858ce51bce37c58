package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tab tokens as clients send them (the {@code Realtime-Token} header, the {@code realtime.token.*} subprotocol):
 * verification never throws, and no token but the one the server issued is accepted, whatever the mutation, in
 * either binding. The corpus starts from that token (docs/protocol.md, "The tab token").
 */
class TokensFuzzTest {

    /** The key of docs/protocol.md's example: {@code k1}, the 32 bytes 0 to 31. */
    private static final Tokens TOKENS = new Tokens(List.of(new Tokens.Key("k1", secret())), Duration.ofDays(1));

    private static final long ISSUED = 1_735_689_600_000L;
    private static final String TAB = "Vq7bQ2nXhYyf3M0eKc1T8w";

    /** The binding of docs/protocol.md's example: no cookie session, the browser cookie of the example. */
    private static final String BROWSER = Tokens.binding(null, "Yr3Kw9Lp0aQe4UsTn7Vx2g");

    private static final String ISSUED_TOKEN = TOKENS.issue(BROWSER, TAB, ISSUED);

    @FuzzTest
    void verify(FuzzedDataProvider data) {
        String binding = data.consumeBoolean() ? BROWSER : Tokens.binding(data.consumeString(40));
        long now = ISSUED + data.consumeLong(-1, Duration.ofDays(2).toMillis());
        String token = data.consumeRemainingAsString();

        Tokens.Verdict verdict = TOKENS.verify(token, binding, now);

        assertThat(verdict.accepted()).isEqualTo(verdict.refusal() == null);
        if (verdict.accepted()) {
            assertThat(token).isEqualTo(ISSUED_TOKEN);
            assertThat(binding).isEqualTo(BROWSER);
            assertThat(verdict.tab()).isEqualTo(TAB);
        } else {
            // The refusal's text never carries the token. Below 8 characters a token may be a piece of the fixed
            // English text by chance ("rm" is in "malformed"), which says nothing.
            if (token.length() >= 8) {
                assertThat(verdict.refusal().message()).doesNotContain(token);
            }
        }
    }

    /** The property above is not vacuous: the issued token is accepted, for its browser cookie's binding only. */
    @Test
    void theIssuedTokenIsAcceptedAndAnyOtherBindingRefused() {
        assertThat(TOKENS.verify(ISSUED_TOKEN, BROWSER, ISSUED).tab()).isEqualTo(TAB);
        assertThat(TOKENS.verify(ISSUED_TOKEN, Tokens.UNBOUND, ISSUED).refusal())
                .isEqualTo(Tokens.Refusal.MISMATCH);
        assertThat(TOKENS.verify(ISSUED_TOKEN, Tokens.binding("session"), ISSUED)
                        .refusal())
                .isEqualTo(Tokens.Refusal.MISMATCH);
    }

    private static byte[] secret() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }
        return secret;
    }
}
