package io.realtime.spring.boot.healthy;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/** An application with Actuator's health endpoint open to all, and one stream. */
@SpringBootApplication
public class HealthyApplication {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    /** The stream, so that the runtime has an endpoint. */
    @Component
    public static class News {
        private final Topics topics;

        public News(Topics topics) {
            this.topics = topics;
        }

        @Stream("/news")
        public Topic<String> news() {
            return topics.get("news");
        }
    }
}
