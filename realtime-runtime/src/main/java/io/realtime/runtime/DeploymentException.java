package io.realtime.runtime;

import io.realtime.RealtimeException;
import java.util.List;

/**
 * The application's endpoints are not valid; deployment stops. Thrown at startup, never while serving. The
 * message lists every problem found, each naming the class, the method and the rule it breaks, for example:
 * <pre>
 * &#64;Stream method com.acme.Market.prices(String): must return Topic&lt;T&gt;, ... [rule: return-type]
 * </pre>
 */
public final class DeploymentException extends RealtimeException {

    private static final long serialVersionUID = 1L;

    /** Every problem found, one line each. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems one line per problem
     */
    public DeploymentException(List<String> problems) {
        this(problems, List.of());
    }

    /**
     * The problems, and what the application's code threw while the runtime created its services: the first is the
     * cause, the others are suppressed, so that a log of this exception shows where each threw.
     */
    DeploymentException(List<String> problems, List<Throwable> causes) {
        super(500, "deployment", message(problems), causes.isEmpty() ? null : causes.get(0));
        this.problems = List.copyOf(problems);
        causes.stream().skip(1).forEach(this::addSuppressed);
    }

    /**
     * Every problem found, one line each.
     *
     * @return the problems
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        return problems.size() == 1
                ? problems.get(0)
                : problems.size() + " invalid endpoints:\n  " + String.join("\n  ", problems);
    }
}
