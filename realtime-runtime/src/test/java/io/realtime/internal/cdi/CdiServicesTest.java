package io.realtime.internal.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Run;
import io.realtime.Topic;
import io.realtime.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CDI API alone, as in a servlet container whose application carries {@code cdi-api} in {@code WEB-INF/lib}, is
 * no CDI container: the runtime then creates its services itself. (With a container, on WildFly, the samples'
 * {@code CdiWildFlyIT} shows services that are beans.)
 */
class CdiServicesTest {

    @Test
    void withoutACdiContainerThereIsNoFactoryAndNothingToRelease() {
        Topics topics = new Topics() {
            @Override
            public <T> Topic<T> get(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> Run<T> run(String name) {
                throw new UnsupportedOperationException();
            }
        };
        List<Runnable> onClose = new ArrayList<>();
        assertThat(CdiServices.factory(topics, type -> "created by the runtime", onClose::add))
                .isEmpty();
        assertThat(onClose).isEmpty();
    }
}
