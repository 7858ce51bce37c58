package io.realtime.samples.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application {@link CdiOnWildFlyIT} deploys to WildFly, as a WAR of these classes with the runtime and Jackson
 * in {@code WEB-INF/lib} and no {@code beans.xml}: a service that is a CDI bean, whose constructor receives an
 * application bean and {@code Topics}, with an endpoint of each kind; and a JAX-RS resource, which receives
 * {@code Topics} as well and publishes from outside the service.
 */
public final class CdiApp {

    private CdiApp() {}

    /** What every endpoint carries. */
    public record Note(String text) {}

    /** An application bean the service receives. */
    @ApplicationScoped
    public static class Greetings {
        public String greet(String name) {
            return "hello " + name;
        }
    }

    /** The service: a CDI bean, created by the container, never by the runtime (which could not fill it). */
    @ApplicationScoped
    public static class Desk {

        static final AtomicInteger CREATED = new AtomicInteger();

        private final Topics topics;
        private final Greetings greetings;

        /** For the container's client proxy, which delegates to the instance it creates with the other one. */
        protected Desk() {
            this.topics = null;
            this.greetings = null;
        }

        @Inject
        public Desk(Topics topics, Greetings greetings) {
            this.topics = topics;
            this.greetings = greetings;
        }

        @PostConstruct
        void created() {
            CREATED.incrementAndGet();
        }

        @Stream("/desk/stream")
        public Topic<Note> stream() {
            return topics.get("desk");
        }

        @Push("/desk/poll")
        public Topic<Note> poll() {
            return topics.get("desk");
        }

        @Duplex("/desk/chat")
        public Topic<Note> join(Connection<Note> connection) {
            return topics.get("desk");
        }

        @Duplex("/desk/chat")
        public Note say(Note note) {
            Note greeted = new Note(greetings.greet(note.text()));
            topics.get("desk").publish(greeted);
            return greeted;
        }
    }

    /** A {@code @Dependent} service: the runtime keeps the one instance it received, for the application's life. */
    @Dependent
    public static class Counter {
        private final AtomicInteger calls = new AtomicInteger();

        @Push("/counter")
        public int next() {
            return calls.incrementAndGet();
        }
    }

    /** JAX-RS, which WildFly serves with RESTEasy: its presence decides whose Jackson the application sees. */
    @ApplicationPath("/api")
    public static class Api extends Application {}

    /** Publishes to the desk from a request that is not the runtime's, and tells what the application runs on. */
    @Path("/desk")
    @RequestScoped
    public static class DeskResource {

        @Inject
        Topics topics;

        @POST
        @Consumes(MediaType.TEXT_PLAIN)
        @Produces(MediaType.TEXT_PLAIN)
        public String publish(String text) {
            return topics.get("desk").publish(new Note(text));
        }

        @GET
        @Path("/created")
        @Produces(MediaType.TEXT_PLAIN)
        public String created() {
            return String.valueOf(Desk.CREATED.get());
        }

        /** Where the Jackson that the application and the runtime share comes from, and its version. */
        @GET
        @Path("/jackson")
        @Produces(MediaType.TEXT_PLAIN)
        public String jackson() {
            return ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation() + " "
                    + new ObjectMapper().version();
        }
    }
}
