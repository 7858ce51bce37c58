package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.realtime.runtime.DeploymentException;
import io.realtime.spring.boot.broken.BrokenApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A service that breaks the rules stops the application at startup, with the runtime's message. */
@Tag("server")
class BootDeploymentErrorTest {

    @Test
    void anInvalidEndpointStopsTheApplicationNamingClassMethodAndRule() {
        assertThat(deploymentError(BrokenApplication.WithWrongSignature.class))
                .hasMessageContaining("@Stream method " + BrokenApplication.Wrong.class.getName() + ".wrong()")
                .hasMessageContaining("[rule: return-type]");
    }

    @Test
    void aServiceThatIsNotASingletonStopsTheApplication() {
        assertThat(deploymentError(BrokenApplication.WithPrototype.class))
                .hasMessage("Bean 'fleeting' of " + BrokenApplication.Fleeting.class.getName()
                        + " declares endpoints but is not a singleton; the runtime serves one instance of each service"
                        + " [rule: singleton-service]");
    }

    private static Throwable deploymentError(Class<?> application) {
        Throwable failure = catchThrowable(() -> BootServer.start(application).close());
        assertThat(failure).as("the application must not start").isNotNull();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeploymentException) {
                return cause;
            }
        }
        throw new AssertionError("No DeploymentException among the causes", failure);
    }
}
