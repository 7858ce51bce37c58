package io.realtime.spring.boot.app;

import java.time.Instant;
import org.springframework.stereotype.Component;

/** An ordinary bean a service needs besides {@code Topics}: where prices come from. */
@Component
public class Exchange {

    /** The moment every price of the tests is quoted at. */
    public static final Instant OPENING = Instant.parse("2026-12-04T09:00:00Z");

    public String name() {
        return "XNYS";
    }
}
