package io.realtime.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.realtime.runtime.DeploymentException;
import java.util.List;

/** Scans services as the runtime does, for the tests of the rules: each problem names class, method and rule. */
final class Scans {

    private Scans() {}

    /** Scans as the runtime does, whose entry point reports the scanner's problems as a DeploymentException. */
    static Routes deploy(List<?> services) {
        try {
            return EndpointScanner.scan(services, Scans::create);
        } catch (InvalidEndpoints e) {
            throw new DeploymentException(e.problems());
        }
    }

    static DeploymentException deploymentFailure(Class<?> service) {
        DeploymentException e = catchThrowableOfType(DeploymentException.class, () -> deploy(List.of(service)));
        assertThat(e).as("deployment of " + service.getName() + " fails").isNotNull();
        return e;
    }

    /** @return the one problem of the service */
    static String problem(Class<?> service) {
        DeploymentException e = deploymentFailure(service);
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    /** Asserts the one problem names the class, the method and the rule, and returns it. */
    static String assertRule(Class<?> service, String method, String rule) {
        String problem = problem(service);
        assertThat(problem).contains(service.getName() + "." + method + "(").endsWith("[rule: " + rule + "]");
        return problem;
    }

    /** Creates services as the runtime does for classes without a Topics constructor; explains failures. */
    static Object create(Class<?> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("needs a public no-arg constructor");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
