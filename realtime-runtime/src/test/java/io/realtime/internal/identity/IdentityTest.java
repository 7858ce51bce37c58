package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who a request is, from what it presents: no token is a tab of its own; an accepted token is its tab, shared by
 * every request of it; a refused token gets a reason that does not show it, and leaves nothing behind.
 */
class IdentityTest {

    private final Tabs tabs = new Tabs(2, 3, 60_000);
    private final SessionWatch sessions = new SessionWatch(tabs);
    private final Tokens tokens = new Tokens(List.of(new Tokens.Key("k1", new byte[32])), Duration.ofHours(1));
    private final Identity identity = new Identity(tokens, tabs, sessions, 3);
    private final FakeSession alice = new FakeSession("alice", System.currentTimeMillis());

    @Test
    void withoutATokenEachRequestIsATabOfItsOwn() {
        Tab first = admitted(handshake(null, null));
        Tab second = admitted(handshake(null, null));
        assertThat(first.id()).isNotEqualTo(second.id()).hasSize(22);
        first.attributes().put("color", "blue");
        assertThat(second.attributes()).isEmpty();
        assertThat(tabs.size()).isZero();
    }

    @Test
    void aTabOfOneConnectionIsRevokedByItsIdOnceItWasAskedForWhetherHeldBeforeOrAfter() {
        Tab tab = admitted(handshake(null, null));
        AtomicInteger ended = new AtomicInteger();
        Runnable before = tab.hold(ended::incrementAndGet);
        String id = tab.id();
        Runnable after = tab.hold(ended::incrementAndGet);

        assertThat(tab.id()).isSameAs(id);
        assertThat(tab).hasToString("RealtimeSession[" + id + "]");
        assertThat(identity.revoke(identity.tabFingerprint(id))).isEqualTo(2);
        assertThat(ended.get()).isEqualTo(2);
        before.run();
        after.run();
    }

    @Test
    void aTabOfOneConnectionNobodyAskedTheIdOfIsStillRevokedWithItsUserAndLeavesNothingIndexed() {
        Principal carol = () -> "carol";
        Tab tab = admitted(new Handshake(carol, null, Map.of(), Map.of(), Map.of(), "127.0.0.1"));
        AtomicInteger ended = new AtomicInteger();
        Runnable released = tab.hold(ended::incrementAndGet);

        assertThat(identity.revoke(identity.userFingerprint("carol"))).isEqualTo(1);
        assertThat(ended.get()).isEqualTo(1);

        Runnable again = tab.hold(ended::incrementAndGet);
        released.run();
        again.run();
        String id = tab.id(); // made after every hold was released: nothing to index
        assertThat(identity.revoke(identity.tabFingerprint(id))).isZero();
        assertThat(identity.revoke(identity.userFingerprint("carol"))).isZero();
        assertThat(ended.get()).isEqualTo(1);
    }

    @Test
    void anIssuedTokenNamesOneTabWhoseAttributesEveryRequestShares() {
        Identity.Issued issued = identity.issue(handshake(alice, null), true);
        Tab sse = admitted(handshake(alice, issued.token()));
        Tab post = admitted(handshake(alice, issued.token()));
        assertThat(sse.id()).isEqualTo(post.id()).isEqualTo(issued.tab());
        sse.attributes().put("color", "blue");
        assertThat(post.attributes()).containsEntry("color", "blue");
        assertThat(post.httpSession()).containsSame(alice);
        assertThat(tabs.size()).isEqualTo(1);
    }

    @Test
    void negotiatingWithAnAcceptedTokenKeepsTheTabAndAnyOtherTokenStartsANewOne() {
        Identity.Issued first = identity.issue(handshake(alice, null), true);
        Identity.Issued again = identity.issue(handshake(alice, first.token()), true);
        assertThat(again.tab()).isEqualTo(first.tab());
        assertThat(identity.issue(handshake(null, first.token()), true).tab()).isNotEqualTo(first.tab());
        assertThat(identity.issue(handshake(alice, "rt1.forged"), true).tab()).isNotEqualTo(first.tab());
        assertThat(tabs.size()).as("negotiation creates no state").isZero();
    }

    @Test
    void refusedTokensAreTold401WithoutShowingThemAndLeaveNothing() {
        String bound = identity.issue(handshake(alice, null), true).token();
        FakeSession bob = new FakeSession("bob", System.currentTimeMillis());
        for (Handshake refused : List.of(
                handshake(null, bound), // without its cookie session
                handshake(bob, bound), // with another
                handshake(alice, bound.substring(0, bound.length() - 1) + "x"),
                handshake(alice, "rt1.k9" + bound.substring(6)))) {
            Identity.Refused refusal = (Identity.Refused) identity.admit(refused, "GET /test");
            assertThat(refusal.status()).isEqualTo(401);
            assertThat(refusal.closeCode()).isEqualTo(1008);
            assertThat(refusal.code()).isEqualTo("token_refused");
            assertThat(refusal.message()).doesNotContain(bound.substring(7, 29)).endsWith("negotiate a new one");
        }
        assertThat(tabs.size()).isZero();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void beyondTheMostTabsANewOneEvictsAnIdleOneAndIsRefusedOnlyWhenEveryTabIsConnected() {
        Handshake first = holder(identity.issue(handshake(null, null), true));
        Handshake second = holder(identity.issue(handshake(null, null), true));
        Handshake third = holder(identity.issue(handshake(null, null), true));
        Runnable firstHeld = admitted(first).hold(() -> {});
        Runnable secondHeld = admitted(second).hold(() -> {});
        Identity.Refused refused = (Identity.Refused) identity.admit(third, "GET /test");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.closeCode()).isEqualTo(1013);
        assertThat(refused.code()).isEqualTo("too_many_tabs");

        secondHeld.run();
        assertThat(admitted(third).id()).as("the idle tab made room").isNotNull();
        assertThat(tabs.size()).isEqualTo(2);
        assertThat(admitted(first).id()).as("the connected tab stayed").isNotNull();
        firstHeld.run();
    }

    @Test
    void aClientPastItsShareOfTabsIsRefused429WhileOthersGoOn() {
        Tabs shared = new Tabs(100, 2, 1000, 3, 60_000);
        Identity limited = new Identity(tokens, shared, new SessionWatch(shared), 3);
        for (int i = 0; i < 2; i++) {
            String token = limited.issue(handshake(alice, null), true).token();
            assertThat(limited.admit(handshake(alice, token), "GET /test")).isInstanceOf(Identity.Admitted.class);
        }
        String greedy = limited.issue(handshake(alice, null), true).token();
        Identity.Refused refused = (Identity.Refused) limited.admit(handshake(alice, greedy), "GET /test");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.closeCode()).isEqualTo(1013);
        assertThat(refused.code()).isEqualTo("too_many_tabs");

        FakeSession bob = new FakeSession("bob", System.currentTimeMillis());
        String honest = limited.issue(handshake(bob, null), true).token();
        assertThat(limited.admit(handshake(bob, honest), "GET /test")).isInstanceOf(Identity.Admitted.class);
    }

    @Test
    void aTabHoldsAtMostTheConfiguredAttributes() {
        Tab tab = admitted(holder(identity.issue(handshake(null, null), true)));
        tab.attributes().put("a", 1);
        tab.attributes().putIfAbsent("b", 2);
        tab.attributes().computeIfAbsent("c", key -> 3);
        tab.attributes().put("a", 10); // replacing is not adding
        assertThatIllegalStateException()
                .isThrownBy(() -> tab.attributes().put("d", 4))
                .withMessageContaining("3 attributes");
        assertThatIllegalStateException().isThrownBy(() -> tab.attributes().merge("d", 4, (x, y) -> y));
        tab.attributes().remove("b");
        tab.attributes().put("d", 4);
        assertThat(tab.attributes()).containsOnlyKeys("a", "c", "d");
    }

    @Test
    void aTabExpiresOnceNothingHasUsedItForTheIdleTime() {
        String token = identity.issue(handshake(alice, null), true).token();
        Tab tab = admitted(handshake(alice, token));
        Runnable release = tab.hold(() -> {});
        tabs.sweep(System.currentTimeMillis() + 120_000);
        assertThat(tabs.size()).as("held").isEqualTo(1);
        long released = System.currentTimeMillis();
        release.run();
        release.run();
        tabs.sweep(released + 30_000);
        assertThat(tabs.size()).as("idle for less than the idle time").isEqualTo(1);
        tabs.sweep(System.currentTimeMillis() + 60_000);
        assertThat(tabs.size()).isZero();
        assertThat(tabs.sessions()).as("the index by session too").isZero();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void theHandshakeNeverShowsWhatItCopied() {
        String token = identity.issue(handshake(alice, null), true).token();
        assertThat(handshake(alice, token).toString()).doesNotContain(token).contains("realtime-token");
        assertThat(admitted(handshake(alice, token)).toString()).doesNotContain(token);
    }

    @Test
    void withoutACookieSessionNegotiationSetsABrowserCookieAndBindsTheTokenToIt() {
        Identity.Issued issued = identity.issue(handshake(null, null), true);
        assertThat(issued.browser()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(issued.tab());
        assertThat(identity.issue(handshake(null, null), true).browser()).isNotEqualTo(issued.browser());
        assertThat(admitted(holder(issued)).id()).isEqualTo(issued.tab());
        Map<String, String> prefixed = Map.of(BrowserCookie.SECURE_NAME, issued.browser());
        assertThat(admitted(handshake(null, issued.token(), prefixed)).id())
                .as("the https cookie")
                .isEqualTo(issued.tab());
        assertThat(identity.issue(handshake(alice, null), true).browser())
                .as("a client with a cookie session needs none")
                .isNull();
    }

    @Test
    void anAnonymousTokenWithoutItsBrowserCookieOrWithAnotherIsRefusedAsAnotherSessionsTokenIs() {
        Identity.Issued issued = identity.issue(handshake(null, null), true);
        String other = identity.issue(handshake(null, null), true).browser();
        for (Handshake replayed : List.of(
                handshake(null, issued.token()),
                handshake(null, issued.token(), Map.of(BrowserCookie.NAME, other)),
                handshake(
                        null,
                        issued.token(),
                        Map.of(BrowserCookie.SECURE_NAME, other, BrowserCookie.NAME, issued.browser())),
                handshake(null, issued.token(), Map.of(BrowserCookie.NAME, issued.browser() + "x")),
                handshake(alice, issued.token(), Map.of(BrowserCookie.NAME, issued.browser())))) {
            Identity.Refused refusal = (Identity.Refused) identity.admit(replayed, "GET /test");
            assertThat(refusal)
                    .isEqualTo(new Identity.Refused(401, 1008, "token_refused", Tokens.Refusal.MISMATCH.message()));
        }
        assertThat(tabs.size()).isZero();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void negotiationRenewsAnAnonymousTabOnlyForItsBrowserCookiesHolder() {
        Identity.Issued issued = identity.issue(handshake(null, null), true);
        Identity.Issued renewed = identity.issue(holder(issued), true);
        assertThat(renewed.tab()).isEqualTo(issued.tab());
        assertThat(renewed.browser()).as("the holder keeps its cookie").isNull();

        Identity.Issued stranger = identity.issue(handshake(null, issued.token()), true);
        assertThat(stranger.tab()).isNotEqualTo(issued.tab());
        assertThat(stranger.browser()).isNotNull().isNotEqualTo(issued.browser());
        String other = identity.issue(handshake(null, null), true).browser();
        assertThat(identity.issue(handshake(null, issued.token(), Map.of(BrowserCookie.NAME, other)), true)
                        .tab())
                .isNotEqualTo(issued.tab());
    }

    @Test
    void aPageOfAnotherOriginWithoutCookiesGetsATokenBoundToNothingWhichAnyoneMayPresent() {
        Identity.Issued foreign = identity.issue(handshake(null, null), false);
        assertThat(foreign.browser()).as("offered, for a client that keeps it").isNotNull();
        assertThat(admitted(handshake(null, foreign.token())).id()).isEqualTo(foreign.tab());
        assertThat(admitted(holder(foreign)).id()).isEqualTo(foreign.tab());
        assertThat(identity.issue(handshake(null, foreign.token()), false).tab())
                .as("renewed")
                .isEqualTo(foreign.tab());

        Identity.Issued sameOrigin = identity.issue(handshake(null, null), true);
        assertThat(identity.admit(handshake(null, sameOrigin.token()), "GET /test"))
                .as("a bound token stays bound")
                .isInstanceOf(Identity.Refused.class);
        Identity.Issued foreignWithCookie = identity.issue(holder(sameOrigin), false);
        assertThat(identity.admit(handshake(null, foreignWithCookie.token()), "GET /test"))
                .as("a foreign page that sends the cookie is bound to it")
                .isInstanceOf(Identity.Refused.class);
        assertThat(foreignWithCookie.browser()).isNull();
    }

    @Test
    void aTokenHeaderOfControlCharactersAloneIsNoToken() {
        // Found by HandshakeFuzzTest: trim() strips control characters, which isBlank() does not count as blank.
        assertThat(handshake(null, "\u0000\u0001").token()).isNull();
        assertThat(handshake(null, " \u0000 tok\u0001").token()).isEqualTo("tok");
    }

    private Tab admitted(Handshake handshake) {
        return ((Identity.Admitted) identity.admit(handshake, "GET /test")).tab();
    }

    /** The browser that negotiated {@code issued}, presenting its token and the browser cookie set with it. */
    private static Handshake holder(Identity.Issued issued) {
        return handshake(null, issued.token(), Map.of(BrowserCookie.NAME, issued.browser()));
    }

    private static Handshake handshake(HttpSession session, String token) {
        return handshake(session, token, Map.of());
    }

    private static Handshake handshake(HttpSession session, String token, Map<String, String> cookies) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("realtime-token", token);
        }
        return new Handshake(null, session, cookies, headers, Map.of(), "127.0.0.1");
    }
}
