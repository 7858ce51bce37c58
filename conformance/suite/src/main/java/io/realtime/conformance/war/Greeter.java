package io.realtime.conformance.war;

import io.realtime.Event;
import io.realtime.PathParam;
import io.realtime.Stream;
import java.util.List;

/** A WAR's endpoint class, found by the container's annotation scanning; {@code WarConformanceTest} deploys it. */
public class Greeter {

    @Stream("/greetings/{name}")
    public List<Object> greet(@PathParam("name") String name) {
        return List.of(Event.of("greeting", new Greeting("hello " + name, Greeter.class.getClassLoader() != null)));
    }

    /** What the client receives; {@code loaded} is always true, it only makes the record carry two fields. */
    public record Greeting(String text, boolean loaded) {}
}
