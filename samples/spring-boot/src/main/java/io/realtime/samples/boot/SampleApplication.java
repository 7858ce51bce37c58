package io.realtime.samples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Spring Boot sample: a price ticker ({@code @Stream}), order tracking ({@code @Push}) and a chat
 * ({@code @Duplex}), each an ordinary Spring component, with one page ({@code static/index.html}). The
 * realtime-spring-boot-starter serves them on Boot's embedded Tomcat.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

    /**
     * Starts the application: {@code ./mvnw -pl samples/spring-boot -am -Prun -DskipTests package}.
     *
     * @param args Spring Boot's arguments, such as {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
