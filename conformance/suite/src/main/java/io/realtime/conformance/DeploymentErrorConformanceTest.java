package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.realtime.Stream;
import io.realtime.testing.ContainerServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * A deployment error reads the same on every container: the runtime logs one line per problem (Jetty would join a
 * message's lines with {@code |}, Tomcat put them behind its own stack), a class that is not public is said to be
 * so, and what a service's constructor threw reaches the failure with its stack trace.
 */
class DeploymentErrorConformanceTest {

    static final class Hidden {
        @Stream("/hidden")
        public List<String> hidden() {
            return List.of();
        }
    }

    public static class Failing {
        public Failing() {
            throw new IllegalStateException("the database is not there");
        }

        @Stream("/failing")
        public List<String> failing() {
            return List.of();
        }
    }

    public static class Wrong {
        @Stream("/wrong")
        public String wrong() {
            return "";
        }
    }

    @Test
    void everyProblemIsALineOfItsOwnAndAConstructorKeepsItsStackTrace() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    lines.add(formatter.formatMessage(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger runtime = Logger.getLogger("io.realtime.runtime");
        runtime.addHandler(capture);
        Throwable failure;
        try {
            failure = catchThrowable(() -> ContainerServer.builder()
                    .services(Hidden.class, Failing.class, Wrong.class)
                    .start()
                    .close());
        } finally {
            runtime.removeHandler(capture);
        }

        assertThat(failure).as("the deployment fails").isNotNull();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("does not start").contains("3 problem(s)");
        assertThat(lines.subList(1, 4))
                .allSatisfy(line -> assertThat(line).contains("[rule: ").doesNotContain("\n", "|"))
                .anySatisfy(line -> assertThat(line)
                        .contains(Hidden.class.getName() + ", which holds endpoint methods")
                        .contains("is not public"))
                .anySatisfy(line -> assertThat(line)
                        .contains(Failing.class.getName())
                        .contains("its constructor threw java.lang.IllegalStateException: the database is not there"))
                .anySatisfy(line -> assertThat(line).contains(Wrong.class.getName() + ".wrong()"));
        assertThat(causes(failure))
                .as("what the constructor threw, where it threw it")
                .anySatisfy(cause -> assertThat(cause.getStackTrace())
                        .anySatisfy(frame -> assertThat(frame.getClassName() + "." + frame.getMethodName())
                                .isEqualTo(Failing.class.getName() + ".<init>")));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
