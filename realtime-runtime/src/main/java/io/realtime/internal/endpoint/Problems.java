package io.realtime.internal.endpoint;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rule violation found while scanning, one line each in the format users see: the class or the method, the
 * problem, and the rule's tag, such as {@code @Stream method com.acme.Market.prices(String): ... [rule: return-type]}.
 * Scanning goes on after a violation, so that one failed deployment reports all of them.
 */
final class Problems {

    private final List<String> lines = new ArrayList<>();
    private final List<Throwable> causes = new ArrayList<>();

    /** Records a problem of a whole service class; {@code problem} follows the class name, as in ", which ...". */
    void ofClass(Class<?> type, String problem, String rule) {
        ofClass(type, problem, rule, null);
    }

    /** Records a problem of a whole service class that the application's code threw, {@code cause}, if not null. */
    void ofClass(Class<?> type, String problem, String rule, Throwable cause) {
        lines.add("Class " + type.getName() + problem + " [rule: " + rule + "]");
        if (cause != null) {
            causes.add(cause);
        }
    }

    /** @return a report for one endpoint method, which counts that method's problems */
    OfMethod of(Kind kind, Method method) {
        return new OfMethod(kind, method);
    }

    /** Records a problem of an endpoint already validated on its own, such as a path another one serves. */
    void of(Endpoint endpoint, String problem, String rule) {
        add(endpoint.kind(), endpoint.describe(), problem, rule);
    }

    private void add(Kind kind, String method, String problem, String rule) {
        lines.add(kind.display() + " method " + method + ": " + problem + " [rule: " + rule + "]");
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return what the application's code threw, in the order of the problems */
    List<Throwable> causes() {
        return List.copyOf(causes);
    }

    /** The problems of one endpoint method. */
    final class OfMethod {
        private final Kind kind;
        private final Method method;
        private int count;

        private OfMethod(Kind kind, Method method) {
            this.kind = kind;
            this.method = method;
        }

        void add(String problem, String rule) {
            count++;
            Problems.this.add(kind, Endpoint.describe(method), problem, rule);
        }

        boolean any() {
            return count > 0;
        }
    }
}
