package io.realtime.spring.boot.metered;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/** An application with a meter registry, as Actuator would give it, and one stream. */
@SpringBootApplication
public class MeteredApplication {

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    /** The stream the test follows. */
    @Component
    public static class Ticks {
        private final Topics topics;

        public Ticks(Topics topics) {
            this.topics = topics;
        }

        @Stream("/ticks")
        public Topic<String> ticks() {
            return topics.get("ticks");
        }
    }
}
