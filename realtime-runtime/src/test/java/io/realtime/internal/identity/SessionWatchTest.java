package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSessionEvent;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Invalidation ends the members of a session, once; traffic stretches the timeout, a later request restores it. */
class SessionWatchTest {

    private static final long NOW = 1_000_000_000L;

    private final Tabs tabs = new Tabs(100, 8, 60_000);
    private final SessionWatch watch = new SessionWatch(tabs);
    private final FakeSession alice = new FakeSession("alice", NOW);
    private final FakeSession bob = new FakeSession("bob", NOW);

    @Test
    void theEndOfASessionEndsItsMembersOnceAndOthersStay() {
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Runnable first = watch.join(alice, ended::incrementAndGet);
        watch.join(alice, ended::incrementAndGet);
        watch.join(bob, other::incrementAndGet);
        assertThat(watch.size()).isEqualTo(2);

        watch.sessionDestroyed(new HttpSessionEvent(alice));
        first.run(); // leaving after the end changes nothing
        watch.sessionDestroyed(new HttpSessionEvent(alice));

        assertThat(ended).hasValue(2);
        assertThat(other).hasValue(0);
        assertThat(watch.size()).isEqualTo(1);
    }

    @Test
    void leavingForgetsASessionThatWasNotStretched() {
        Runnable leave = watch.join(alice, () -> {});
        leave.run();
        leave.run();
        assertThat(watch.size()).isZero();
        assertThat(alice.getMaxInactiveInterval()).isEqualTo(1800);
    }

    @Test
    void joiningAnInvalidatedSessionEndsTheMemberAtOnce() {
        alice.invalidate();
        AtomicInteger ended = new AtomicInteger();
        watch.join(alice, ended::incrementAndGet);
        assertThat(ended).hasValue(1);
        assertThat(watch.size()).isZero();
    }

    @Test
    void aSessionThatEndedUnreportedIsNoticedByTheNextPass() {
        AtomicInteger ended = new AtomicInteger();
        watch.join(alice, ended::incrementAndGet);
        alice.invalidate();
        watch.keepAlive(NOW);
        assertThat(ended).hasValue(1);
        assertThat(watch.size()).isZero();
    }

    @Test
    void membersKeepTheSessionAliveAndItsNextRequestRestoresTheTimeout() {
        alice.setMaxInactiveInterval(60);
        Runnable leave = watch.join(alice, () -> {});
        watch.keepAlive(NOW + 20_000);
        assertThat(alice.getMaxInactiveInterval())
                .as("40 s of 60 left: nothing to do")
                .isEqualTo(60);
        watch.keepAlive(NOW + 50_000);
        assertThat(alice.getMaxInactiveInterval())
                .as("10 s left: a full timeout from now, and two passes")
                .isEqualTo(112);
        watch.keepAlive(NOW + 3_600_000);
        assertThat(alice.getMaxInactiveInterval()).isEqualTo(3662);

        leave.run();
        assertThat(alice.getMaxInactiveInterval()).isGreaterThanOrEqualTo(3662);
        assertThat(watch.size())
                .as("stretched: followed until its next request")
                .isEqualTo(1);

        watch.requestInitialized(requestOf(alice));
        assertThat(alice.getMaxInactiveInterval()).isEqualTo(60);
        assertThat(watch.size()).isZero();
    }

    @Test
    void aRequestWhileMembersRemainRestoresNothing() {
        alice.setMaxInactiveInterval(60);
        watch.join(alice, () -> {});
        watch.keepAlive(NOW + 50_000);
        watch.requestInitialized(requestOf(alice));
        assertThat(alice.getMaxInactiveInterval()).isEqualTo(112);
        assertThat(watch.size()).isEqualTo(1);
    }

    @Test
    void membersFollowTheSessionWhenItsIdChanges() {
        AtomicInteger ended = new AtomicInteger();
        Runnable leave = watch.join(alice, ended::incrementAndGet);
        alice.id("alice-after-login");
        watch.sessionIdChanged(new HttpSessionEvent(alice), "alice");
        watch.sessionDestroyed(new HttpSessionEvent(alice));
        assertThat(ended).hasValue(1);

        Runnable again = watch.join(alice, ended::incrementAndGet);
        alice.id("alice-2");
        watch.sessionIdChanged(new HttpSessionEvent(alice), "alice-after-login");
        again.run();
        leave.run();
        assertThat(watch.size()).isZero();
    }

    @Test
    void theEndOfASessionForgetsItsTabs() {
        tabs.obtain("tab-a", "alice", "192.0.2.1", NOW);
        tabs.obtain("tab-b", "bob", "192.0.2.1", NOW);
        tabs.obtain("tab-c", null, "192.0.2.1", NOW);
        watch.sessionDestroyed(new HttpSessionEvent(alice));
        assertThat(tabs.size()).isEqualTo(2);
        assertThat(tabs.sessions()).as("bob's").isEqualTo(1);
    }

    @Test
    void tabsFollowTheirSessionWhenItsIdChanges() {
        tabs.obtain("tab-a", "alice", "192.0.2.1", NOW);
        alice.id("alice-after-login");
        watch.sessionIdChanged(new HttpSessionEvent(alice), "alice");
        watch.sessionDestroyed(new HttpSessionEvent(alice));
        assertThat(tabs.size()).isZero();
        assertThat(tabs.sessions()).isZero();
    }

    private static ServletRequestEvent requestOf(FakeSession session) {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                SessionWatchTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestedSessionId" -> session.getId();
                    case "getSession" -> session;
                    default -> null;
                });
        ServletContext context = (ServletContext) Proxy.newProxyInstance(
                SessionWatchTest.class.getClassLoader(), new Class<?>[] {ServletContext.class}, (p, m, a) -> null);
        return new ServletRequestEvent(context, request);
    }
}
