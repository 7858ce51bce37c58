package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The verifier accepts exactly the tokens it issued for the same binding, before their expiry, and refuses every
 * mutation of them (issue 5, must-show 2). Tokens are never printed: a failure names the kind of mutation.
 */
class TokensTest {

    private static final long NOW = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    private static final Duration LIFETIME = Duration.ofHours(24);
    private static final Tokens.Key K1 = key("k1", 1);
    private static final Tokens.Key K2 = key("k2", 2);

    private final Tokens tokens = new Tokens(List.of(K2, K1), LIFETIME); // signs with k2, also verifies k1
    private final String alice = Tokens.binding("node0alice");
    private final String bob = Tokens.binding("node0bob");
    private final String browser = Tokens.binding(null, "Yr3Kw9Lp0aQe4UsTn7Vx2g");

    @Test
    void anIssuedTokenIsAcceptedForItsBindingUntilItExpires() {
        String tab = Tokens.newTab();
        String token = tokens.issue(alice, tab, NOW);
        assertThat(tokens.verify(token, alice, NOW).tab()).isEqualTo(tab);
        assertThat(tokens.verify(token, alice, NOW + LIFETIME.toMillis() - 1).accepted())
                .isTrue();
        assertThat(tokens.verify(token, alice, NOW + LIFETIME.toMillis()).refusal())
                .isEqualTo(Tokens.Refusal.EXPIRED);
    }

    @Test
    void tokensFitAHeaderAndASubprotocolAndHaveTheShapeTheLogScanLooksFor() throws Exception {
        Pattern scanned = Pattern.compile(Files.readString(
                        Path.of("..", "build-tools", "token-scan", "token-pattern.txt"), StandardCharsets.UTF_8)
                .trim());
        for (String binding : List.of(alice, browser)) {
            String token = tokens.issue(binding, Tokens.newTab(), NOW);
            assertThat(token).startsWith(Tokens.PREFIX + "k2.").matches("[A-Za-z0-9._~-]{1,160}");
            assertThat(scanned.matcher(token).lookingAt())
                    .as("the log scan's pattern matches the start of a token")
                    .isTrue();
        }
    }

    @Test
    void olderKeysStillVerifyWhileTheirTokensLive() {
        Tokens before = new Tokens(List.of(K1), LIFETIME);
        String tab = Tokens.newTab();
        String old = before.issue(alice, tab, NOW);
        assertThat(tokens.verify(old, alice, NOW + 1000).tab()).isEqualTo(tab);
        assertThat(new Tokens(List.of(K2), LIFETIME).verify(old, alice, NOW).refusal())
                .as("once k1 is removed")
                .isEqualTo(Tokens.Refusal.UNKNOWN_KEY);
    }

    @Test
    void theBindingIsAHashOfTheSessionIdElseOfTheBrowserCookieElseUnbound() {
        assertThat(Tokens.binding(null)).isEqualTo(Tokens.UNBOUND).isEqualTo(Tokens.binding(null, null));
        assertThat(Tokens.binding("node0alice"))
                .startsWith("session:")
                .doesNotContain("alice")
                .isEqualTo(Tokens.binding("node0alice", "Yr3Kw9Lp0aQe4UsTn7Vx2g"))
                .isNotEqualTo(Tokens.binding("node0alicf"));
        assertThat(browser)
                .startsWith("browser:")
                .doesNotContain("Yr3Kw9Lp0aQe4UsTn7Vx2g")
                .isNotEqualTo(Tokens.binding(null, "Yr3Kw9Lp0aQe4UsTn7Vx2h"))
                .as("a session id equal to a browser cookie binds otherwise")
                .isNotEqualTo(Tokens.binding("Yr3Kw9Lp0aQe4UsTn7Vx2g"));
    }

    @Test
    void aBoundTokenIsRefusedToARequestThatHoldsNoCookie() {
        String bound = tokens.issue(browser, Tokens.newTab(), NOW);
        assertThat(tokens.verify(bound, Tokens.UNBOUND, NOW).refusal()).isEqualTo(Tokens.Refusal.MISMATCH);
        String unbound = tokens.issue(Tokens.UNBOUND, Tokens.newTab(), NOW);
        assertThat(tokens.verify(unbound, browser, NOW).refusal()).isEqualTo(Tokens.Refusal.MISMATCH);
    }

    /** Must-show 2: 10,000 mutations of valid tokens, all refused; the originals still accepted. */
    @Test
    void tenThousandMutatedTokensAreAllRefused() {
        Random random = new Random(5);
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            valid.add(tokens.issue(i % 2 == 0 ? alice : browser, Tokens.newTab(), NOW + i));
        }
        Map<Mutation, Integer> tried = new EnumMap<>(Mutation.class);
        Map<Tokens.Refusal, Integer> reasons = new EnumMap<>(Tokens.Refusal.class);
        for (int i = 0; i < 10_000; i++) {
            int index = random.nextInt(valid.size());
            String token = valid.get(index);
            String binding = index % 2 == 0 ? alice : browser;
            Mutation mutation = Mutation.values()[i % Mutation.values().length];
            Attempt attempt = mutation.apply(token, binding, random, this);
            Tokens.Verdict verdict = tokens.verify(attempt.token(), attempt.binding(), attempt.now());
            assertThat(verdict.accepted())
                    .as("mutation %s #%d of a valid token (refused: %s)", mutation, i, verdict.refusal())
                    .isFalse();
            assertThat(verdict.tab()).isNull();
            tried.merge(mutation, 1, Integer::sum);
            reasons.merge(verdict.refusal(), 1, Integer::sum);
        }
        assertThat(tried.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
        assertThat(reasons).containsOnlyKeys(Tokens.Refusal.values());
        for (int i = 0; i < valid.size(); i++) {
            String binding = i % 2 == 0 ? alice : browser;
            assertThat(tokens.verify(valid.get(i), binding, NOW + 60_000).accepted())
                    .as("valid token %d", i)
                    .isTrue();
        }
    }

    private record Attempt(String token, String binding, long now) {}

    private enum Mutation {
        BIT_FLIP {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                char[] chars = token.toCharArray();
                int at = random.nextInt(chars.length);
                chars[at] = (char) (chars[at] ^ (1 << random.nextInt(7)));
                return new Attempt(new String(chars), binding, NOW);
            }
        },
        TRUNCATED {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                return new Attempt(token.substring(0, random.nextInt(token.length())), binding, NOW);
            }
        },
        OTHER_KEY_ID {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                String id = random.nextBoolean() ? "k1" : "k" + (3 + random.nextInt(1000));
                return new Attempt(token.replaceFirst("^rt1\\.k2\\.", "rt1." + id + "."), binding, NOW);
            }
        },
        SIGNED_BY_A_STRANGER {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                Tokens stranger = new Tokens(List.of(key("k2", 99)), LIFETIME); // same id, another secret
                return new Attempt(stranger.issue(binding, tab(token), NOW), binding, NOW);
            }
        },
        EXPIRED_BY_ONE_MILLISECOND {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                long expires = Long.parseLong(token.split("\\.")[4]);
                return new Attempt(token, binding, expires + random.nextInt(2)); // at expiry, and 1 ms past it
            }
        },
        OTHER_SESSION {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                Supplier<String> other = () -> switch (random.nextInt(4)) {
                    case 0 -> test.bob;
                    case 1 -> Tokens.binding("node0" + random.nextInt());
                    case 3 -> Tokens.binding(null, Tokens.newBrowser());
                    default -> binding.equals(test.browser) ? test.alice : test.browser;
                };
                return new Attempt(token, other.get(), NOW);
            }
        },
        TIMES_CHANGED {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                String[] parts = token.split("\\.");
                parts[4] = String.valueOf(Long.parseLong(parts[4]) + 1 + random.nextInt(1_000_000));
                return new Attempt(String.join(".", parts), binding, NOW);
            }
        },
        OTHER_TAB {
            @Override
            Attempt apply(String token, String binding, Random random, TokensTest test) {
                String[] parts = token.split("\\.");
                parts[2] = Tokens.newTab();
                return new Attempt(String.join(".", parts), binding, NOW);
            }
        };

        abstract Attempt apply(String token, String binding, Random random, TokensTest test);
    }

    private static String tab(String token) {
        return token.split("\\.")[2];
    }

    private static Tokens.Key key(String id, int seed) {
        byte[] secret = new byte[32];
        new Random(seed).nextBytes(secret);
        return new Tokens.Key(id, secret);
    }
}
