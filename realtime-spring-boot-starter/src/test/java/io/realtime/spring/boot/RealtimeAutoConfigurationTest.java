package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** The beans the starter defines, and what the application's own beans change, without starting a server. */
class RealtimeAutoConfigurationTest {

    final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class));

    @Test
    void theApplicationsObjectMapperSerialisesEvents() {
        web.run(context -> {
            assertThat(context.getBean(RealtimeConfig.class).objectMapper())
                    .isSameAs(context.getBean(ObjectMapper.class));
            assertThat(context).hasSingleBean(Topics.class);
        });
    }

    @Test
    void withoutOneTheStartersMapperBehavesAsBoots() throws Exception {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean("jacksonObjectMapper");
                    ObjectMapper mapper = context.getBean(RealtimeConfig.class).objectMapper();
                    assertThat(mapper.writeValueAsString(Optional.of("x"))).isEqualTo("\"x\"");
                    assertThat(mapper.writeValueAsString(Instant.EPOCH)).isEqualTo("\"1970-01-01T00:00:00Z\"");
                    assertThat(mapper.readValue("{\"text\":\"hi\",\"mood\":\"cheerful\"}", Line.class))
                            .isEqualTo(new Line("hi"));
                });
    }

    @Test
    void customizersHaveTheLastWordInTheirOrder() {
        web.withPropertyValues("realtime.heartbeat=5s")
                .withBean("later", RealtimeConfigCustomizer.class, () -> new Later())
                .withBean("earlier", RealtimeConfigCustomizer.class, () -> new Earlier())
                .run(context -> assertThat(context.getBean(RealtimeConfig.class).heartbeat())
                        .isEqualTo(Duration.ofSeconds(9)));
    }

    @Test
    void aBackplaneBeanOrdersTheEvents() {
        Backplane backplane = new Elsewhere();
        web.withBean(Backplane.class, () -> backplane)
                .run(context -> assertThat(context.getBean(RealtimeConfig.class).backplane())
                        .containsSame(backplane));
    }

    @Test
    void anApplicationsOwnConfigReplacesTheStartersAndMakesTheTopics() {
        RealtimeConfig own = RealtimeConfig.builder().historyMaxEvents(3).build();
        web.withBean(RealtimeConfig.class, () -> own).run(context -> {
            assertThat(context.getBean(RealtimeConfig.class)).isSameAs(own);
            assertThat(context).hasSingleBean(Topics.class);
        });
    }

    @Test
    void anApplicationWithoutAServletWebServerIsLeftAlone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(RealtimeConfig.class));
    }

    record Line(String text) {}

    /** A backplane this test only hands over: nothing publishes or subscribes through it. */
    static final class Elsewhere implements Backplane {
        @Override
        public Attachment attach(String topic, Listener listener) {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public StoredEvent publish(String topic, String name, byte[] data) {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public void close() {}
    }

    @Order(2)
    static final class Later implements RealtimeConfigCustomizer {
        @Override
        public void customize(RealtimeConfig.Builder builder) {
            builder.heartbeat(Duration.ofSeconds(9));
        }
    }

    @Order(1)
    static final class Earlier implements RealtimeConfigCustomizer {
        @Override
        public void customize(RealtimeConfig.Builder builder) {
            builder.heartbeat(Duration.ofSeconds(7));
        }
    }
}
