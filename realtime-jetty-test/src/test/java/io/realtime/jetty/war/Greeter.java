package io.realtime.jetty.war;

import io.realtime.Event;
import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topics;
import java.util.List;

/**
 * A WAR's endpoint class, found by the container's annotation scanning: {@code WarDiscoveryTest} deploys it
 * with no registration code. It takes {@link Topics} to show constructor injection works there too.
 */
public class Greeter {

    private final Topics topics;

    public Greeter(Topics topics) {
        this.topics = topics;
    }

    @Stream("/greetings/{name}")
    public List<Object> greet(@PathParam("name") String name) {
        return List.of(Event.of("greeting", new Greeting("hello " + name, topics != null)));
    }

    /** What the client receives. */
    public record Greeting(String text, boolean injected) {}
}
