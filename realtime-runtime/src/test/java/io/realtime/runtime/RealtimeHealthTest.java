package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.internal.http.HealthServlet;
import io.realtime.spi.Backplane;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Readiness as the runtime reports it: running with its backplane, draining from the moment it starts to stop, and
 * stopped once it has left the context; the backplane's probe decides whether a running node is ready.
 */
class RealtimeHealthTest {

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final ServletContext context = (ServletContext) Proxy.newProxyInstance(
            RealtimeHealthTest.class.getClassLoader(),
            new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getContextPath" -> "/shop";
                case "getInitParameterNames" -> Collections.emptyEnumeration();
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                case "getClassLoader" -> RealtimeHealthTest.class.getClassLoader();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> null; // addServlet, addListener: nothing to register in this test
            });

    @Test
    void aRunningRuntimeIsReadyThenDrainsThenStops() {
        RealtimeRuntime runtime = RealtimeRuntime.start(context, RealtimeConfig.defaults(), List.of());
        assertThat(RealtimeHealth.of(context)).isEqualTo(new RealtimeHealth(RealtimeHealth.State.RUNNING, true));
        assertThat(RealtimeHealth.of(context).ready()).isTrue();
        assertThat(RealtimeHealth.of(context).toJson())
                .isEqualTo("{\"status\":\"up\",\"state\":\"running\",\"backplane\":\"up\"}");

        // As a stopping Jetty server, the servlet's destruction or Realtime.stop do, before the context goes. The
        // node drains while close() runs (HealthConformanceTest sees it over HTTP), and has stopped once it returns.
        runtime.close();
        assertThat(RealtimeHealth.of(context).state()).isEqualTo(RealtimeHealth.State.STOPPED);
        assertThat(RealtimeHealth.of(context).ready()).isFalse();
        assertThat(RealtimeHealth.of(context).toJson())
                .isEqualTo("{\"status\":\"down\",\"state\":\"stopped\",\"backplane\":\"unknown\"}");

        attributes.remove(RealtimeRuntime.ATTRIBUTE);
        assertThat(RealtimeHealth.of(context).toJson())
                .isEqualTo("{\"status\":\"down\",\"state\":\"stopped\",\"backplane\":\"unknown\"}");
    }

    @Test
    void aBackplaneThatCannotBeReachedMakesTheNodeNotReadyUntilItAnswersAgain() {
        AtomicBoolean up = new AtomicBoolean(true);
        RealtimeRuntime runtime = RealtimeRuntime.start(
                context, RealtimeConfig.builder().backplane(new Probed(up)).build(), List.of());
        try {
            assertThat(RealtimeHealth.of(context).ready()).isTrue();
            up.set(false);
            await(() -> !RealtimeHealth.of(context).ready(), "the lost backplane to be noticed");
            assertThat(RealtimeHealth.of(context).toJson())
                    .isEqualTo("{\"status\":\"down\",\"state\":\"running\",\"backplane\":\"down\"}");
            up.set(true);
            await(() -> RealtimeHealth.of(context).ready(), "the backplane's return to be noticed");
        } finally {
            runtime.close();
        }
    }

    @Test
    void theEndpointIsOffByDefaultAndItsAnswerFollowsTheRuntime() {
        RealtimeRuntime off = RealtimeRuntime.start(context, RealtimeConfig.defaults(), List.of());
        off.close();
        assertThat(attributes).doesNotContainKey(HealthServlet.READINESS);
        attributes.clear();

        RealtimeRuntime on = RealtimeRuntime.start(
                context, RealtimeConfig.builder().healthEndpoint(true).build(), List.of());
        Supplier<?> readiness = (Supplier<?>) attributes.get(HealthServlet.READINESS);
        assertThat(readiness.get())
                .isEqualTo(new HealthServlet.Readiness(
                        true, "{\"status\":\"up\",\"state\":\"running\",\"backplane\":\"up\"}"));
        on.close();
        assertThat(readiness.get())
                .isEqualTo(new HealthServlet.Readiness(
                        false, "{\"status\":\"down\",\"state\":\"stopped\",\"backplane\":\"unknown\"}"));
    }

    @Test
    void anInvalidStateIsRefused() {
        assertThatThrownBy(() -> new RealtimeHealth(null, true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() ->
                        RealtimeConfig.defaults().withParameters(List.of("realtime.healthEndpoint"), name -> "yes"))
                .hasMessage("Context parameter 'realtime.healthEndpoint' is invalid: 'yes' is neither true nor false");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** The in-memory backplane's behaviour, with a store that can be lost. */
    private static final class Probed implements Backplane {

        private final AtomicBoolean up;

        Probed(AtomicBoolean up) {
            this.up = up;
        }

        @Override
        public Attachment attach(String topic, Listener listener) {
            throw new UnsupportedOperationException("no topic in this test");
        }

        @Override
        public StoredEvent publish(String topic, String name, byte[] data) {
            throw new UnsupportedOperationException("no topic in this test");
        }

        @Override
        public void probe() {
            if (!up.get()) {
                throw new BackplaneException("the store is gone", null);
            }
        }

        @Override
        public void close() {}
    }
}
