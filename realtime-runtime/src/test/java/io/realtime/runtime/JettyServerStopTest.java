package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where no Jetty server can be heard, the hook stands aside: the application's stop says goodbye, as on any other
 * container. A Jetty server that is heard: {@code JettyServerStopTest} in {@code conformance/jetty}.
 */
class JettyServerStopTest {

    /** What Jetty's servlet context offers beyond {@link ServletContext}. */
    public interface JettyLikeContext {
        Object getContextHandler();
    }

    /** A context handler whose server is no Jetty's: its class loader has no {@code org.eclipse.jetty.*}. */
    public static final class ForeignHandler {
        public Object getServer() {
            return new Object();
        }
    }

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger logger = Logger.getLogger(JettyServerStop.class.getName());
    private final AtomicInteger drains = new AtomicInteger();
    private Level level;

    @BeforeEach
    void listen() {
        level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
        logger.setLevel(level);
    }

    @Test
    void onAnotherContainerNothingIsAttachedOrLogged() {
        Runnable remove = JettyServerStop.install(context(ServletContext.class), drains::incrementAndGet);
        remove.run();
        assertThat(records).isEmpty();
        assertThat(drains).hasValue(0);
    }

    @Test
    void aJettyWhoseClassesCannotBeReachedIsLoggedOnceAtDebugAndLeftAlone() {
        Runnable remove =
                JettyServerStop.install(context(ServletContext.class, JettyLikeContext.class), drains::incrementAndGet);
        remove.run();
        assertThat(records)
                .singleElement()
                .satisfies(r -> assertThat(r.getLevel()).isEqualTo(Level.FINE))
                .satisfies(r -> assertThat(r.getMessage()).contains("'/shop'"))
                .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(ClassNotFoundException.class));
        assertThat(drains).hasValue(0);
    }

    private static ServletContext context(Class<?>... types) {
        return (ServletContext) Proxy.newProxyInstance(
                JettyServerStopTest.class.getClassLoader(), types, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> "/shop";
                    case "getContextHandler" -> new ForeignHandler();
                    case "getClassLoader" -> JettyServerStopTest.class.getClassLoader();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
