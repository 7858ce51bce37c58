package io.realtime.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.Stream;
import io.realtime.Topic;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** Every signature the annotations' Javadoc lists is accepted, with the shape the runtime delivers. */
class AcceptedShapesTest {

    public static class Streams {
        @Stream("/topic/{name}")
        public Topic<String> topic(@PathParam("name") String name, Principal user) {
            return null;
        }

        @Stream("/publisher")
        public Flow.Publisher<String> publisher() {
            return null;
        }

        @Stream("/stream")
        public java.util.stream.Stream<String> stream() {
            return null;
        }

        @Stream("/iterable")
        public Iterable<String> iterable() {
            return null;
        }

        @Stream("/list")
        public List<String> list() {
            return null;
        }

        @Stream("/sink/{id}")
        public void sink(@PathParam("id") long id, EventSink<String> sink) {}
    }

    public static class Pushes {
        @Push("/push/topic")
        public Topic<String> topic() {
            return null;
        }

        @Push("/push/stage")
        public CompletionStage<String> stage() {
            return null;
        }

        @Push("/push/value")
        public Map<String, Integer> value() {
            return null;
        }
    }

    public static class Duplexes {
        @Duplex("/chat/{room}")
        public Topic<String> join(Connection<String> connection, @PathParam("room") String room) {
            return null;
        }

        @Duplex("/chat/{room}")
        public void say(@PathParam("room") String room, String message) {}

        @Duplex("/bytes")
        public void bytes(byte[] message, Principal user) {}

        @Duplex("/watch")
        public void watch(Connection<String> connection) {}
    }

    @Test
    void streamShapes() {
        Routes routes = scan(new Streams());
        assertThat(shape(routes, "/topic/x")).isEqualTo(Shape.TOPIC);
        assertThat(routes.match("/topic/x").orElseThrow().route().main().requiresPrincipal())
                .isTrue();
        assertThat(shape(routes, "/publisher")).isEqualTo(Shape.PUBLISHER);
        assertThat(shape(routes, "/stream")).isEqualTo(Shape.ITERATOR);
        assertThat(shape(routes, "/iterable")).isEqualTo(Shape.ITERATOR);
        assertThat(shape(routes, "/list")).isEqualTo(Shape.ITERATOR);
        assertThat(shape(routes, "/sink/7")).isEqualTo(Shape.SINK);
        assertThat(routes.all()).allMatch(route -> route.kind() == Kind.STREAM);
    }

    @Test
    void pushShapes() {
        Routes routes = scan(new Pushes());
        assertThat(shape(routes, "/push/topic")).isEqualTo(Shape.TOPIC);
        assertThat(shape(routes, "/push/stage")).isEqualTo(Shape.STAGE);
        assertThat(shape(routes, "/push/value")).isEqualTo(Shape.VALUE);
    }

    @Test
    void duplexConnectionAndMessageMethodsShareAPath() {
        Routes routes = scan(new Duplexes());
        Route chat = routes.match("/chat/lobby").orElseThrow().route();
        assertThat(chat.kind()).isEqualTo(Kind.DUPLEX);
        assertThat(chat.main().shape()).isEqualTo(Shape.CONNECTION);
        assertThat(chat.onMessage().shape()).isEqualTo(Shape.MESSAGE);
        assertThat(chat.onMessage().messageType()).isEqualTo(String.class);
        Route bytes = routes.match("/bytes").orElseThrow().route();
        assertThat(bytes.main()).isNull();
        assertThat(bytes.onMessage().messageType()).isEqualTo(byte[].class);
        assertThat(routes.match("/watch").orElseThrow().route().onMessage()).isNull();
    }

    public enum Colour {
        RED
    }

    public static class Typed {
        List<Object> seen;

        @Stream("/typed/{s}/{i}/{j}/{l}/{m}/{b}/{c}/{u}/{e}")
        public Topic<Object> typed(
                @PathParam("s") String s,
                @PathParam("i") int i,
                @PathParam("j") Integer j,
                @PathParam("l") long l,
                @PathParam("m") Long m,
                @PathParam("b") boolean b,
                @PathParam("c") Boolean c,
                @PathParam("u") UUID u,
                @PathParam("e") Colour e) {
            seen = List.of(s, i, j, l, m, b, c, u, e);
            return null;
        }
    }

    @Test
    void pathParametersConvertToTheirDeclaredTypes() throws Exception {
        Typed service = new Typed();
        Routes routes = scan(service);
        UUID uuid = UUID.randomUUID();
        Routes.Match match = routes.match("/typed/a%20b/1/-2/3/4/true/false/" + uuid + "/RED")
                .orElseThrow();
        match.route().main().invoke(new Call(match.parameters(), null));
        assertThat(service.seen).containsExactly("a b", 1, -2, 3L, 4L, true, false, uuid, Colour.RED);
    }

    @Test
    void aPathParameterThatDoesNotConvertIsABadRequest() {
        Routes routes = scan(new Typed());
        Routes.Match match = routes.match("/typed/a/x/2/3/4/true/false/" + UUID.randomUUID() + "/RED")
                .orElseThrow();
        RealtimeException e = catchThrowableOfType(
                RealtimeException.class, () -> match.route().main().invoke(new Call(match.parameters(), null)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("bad_request");
        assertThat(e.getMessage()).isEqualTo("Path parameter 'i' must be of type int, was 'x'");
    }

    private static Routes scan(Object service) {
        return EndpointScanner.scan(List.of(service), Scans::create);
    }

    private static Shape shape(Routes routes, String path) {
        return routes.match(path).orElseThrow().route().main().shape();
    }
}
