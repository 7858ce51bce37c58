package io.realtime.spring.boot.broken;

import io.realtime.Push;
import io.realtime.Stream;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/** Applications whose services break the rules: their deployment must fail, naming the class, method and rule. */
public final class BrokenApplication {

    private BrokenApplication() {}

    /** A {@code @Stream} method returning what no stream can be made of. */
    public static class Wrong {
        @Stream("/wrong")
        public String wrong() {
            return "not a stream";
        }
    }

    /** A service Spring would create anew for every use: the runtime serves one instance. */
    public static class Fleeting {
        @Push("/fleeting")
        public String now() {
            return "now";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class WithWrongSignature {
        @Bean
        Wrong wrong() {
            return new Wrong();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class WithPrototype {
        @Bean
        @Scope("prototype")
        Fleeting fleeting() {
            return new Fleeting();
        }
    }
}
