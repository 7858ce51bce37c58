package io.realtime.internal.endpoint;

import java.util.List;

/**
 * The application's endpoints are not valid: every problem found, one line each, naming the class, the method and
 * the rule. The runtime's entry point reports it as {@code io.realtime.runtime.DeploymentException}, which this
 * package cannot name without depending on the package that depends on it.
 */
public final class InvalidEndpoints extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    @SuppressWarnings("serial") // never serialised: it only carries the problems to the runtime's entry point
    private final List<Throwable> causes;

    InvalidEndpoints(List<String> problems, List<Throwable> causes) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
        this.causes = List.copyOf(causes);
    }

    /** @return every problem, one line each */
    public List<String> problems() {
        return problems;
    }

    /** @return what the application's code threw (a service's constructor, the service factory), with its trace */
    public List<Throwable> causes() {
        return causes;
    }
}
