package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.realtime.Stream;
import io.realtime.runtime.RealtimeInitializer;
import io.realtime.testing.ExplodedWar;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CDI where the platform has it: on a standalone WildFly (Weld), a service that is an {@code @ApplicationScoped} bean
 * ({@link CdiApp}), whose constructor {@code @Inject}s an application bean and {@code Topics}, serves Server-Sent
 * Events, long-poll and WebSocket; {@code Topics} is a bean for the application's other beans too; and a service
 * of a scope the runtime cannot keep ({@link RefusedCdiApp}) stops its deployment with a message that names it.
 * The WARs carry the runtime and Jackson in {@code WEB-INF/lib} and no {@code beans.xml}.
 */
class CdiOnWildFlyIT {

    private static final Class<?>[] LIBRARIES = {
        RealtimeInitializer.class,
        Stream.class,
        ObjectMapper.class,
        JsonParser.class,
        JsonProperty.class,
        JavaTimeModule.class,
        Jdk8Module.class
    };

    /** What keeps WildFly's Jackson out of a deployment, so that the one in its WEB-INF/lib is used. */
    static final String OWN_JACKSON = """
            <jboss-deployment-structure xmlns="urn:jboss:deployment-structure:1.2">
              <deployment>
                <exclusions>
                  <module name="com.fasterxml.jackson.core.jackson-annotations"/>
                  <module name="com.fasterxml.jackson.core.jackson-core"/>
                  <module name="com.fasterxml.jackson.core.jackson-databind"/>
                </exclusions>
              </deployment>
            </jboss-deployment-structure>
            """;

    private static Standalone wildFly;
    private static Samples cdi;
    private static Samples plain;
    private static Path deployments;

    @BeforeAll
    static void deploy() throws IOException {
        Path work = Container.location("samples.work").resolve("cdi");
        Path app = ExplodedWar.at(work.resolve("wars/cdi.war"))
                .classes(CdiApp.class)
                .libraryOf(LIBRARIES)
                .file("index.html", "<!doctype html><title>CDI</title>\n")
                .build();
        Path refused = ExplodedWar.at(work.resolve("wars/refused.war"))
                .classes(RefusedCdiApp.class)
                .libraryOf(LIBRARIES)
                .build();
        Path plainWar = ExplodedWar.at(work.resolve("wars/plain.war"))
                .classes(PlainApp.class)
                .libraryOf(LIBRARIES)
                .file("index.html", "<!doctype html><title>Plain</title>\n")
                .file("WEB-INF/jboss-deployment-structure.xml", OWN_JACKSON)
                .build();
        wildFly =
                WildFly.start(Container.location("samples.wildfly"), work, "wildfly", List.of(app, refused, plainWar));
        deployments = work.resolve("wildfly/deployments");
        try {
            cdi = wildFly.await("/cdi");
            plain = wildFly.await("/plain");
        } catch (RuntimeException e) {
            wildFly.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (wildFly != null) {
            wildFly.close();
        }
    }

    @Test
    void aServiceThatIsACdiBeanReceivesTheApplicationsBeansAndTopicsAndServesEveryTransport() throws IOException {
        Visitor browser = cdi.visitor();
        Visitor.Tab tab = browser.tab().negotiate("/desk/chat");
        try (SseRecorder stream = cdi.sse("/desk/stream");
                PollRecorder poll = tab.poll("/desk/poll?timeout=5");
                WebSocketRecorder chat = tab.webSocket("/desk/chat?lastEventId=")) {
            chat.send("{\"ref\":1,\"data\":{\"text\":\"carol\"}}");
            assertThat(chat.next(2))
                    .as(
                            "the reply, made with the injected Greetings, and the event it published on the injected Topics")
                    .anySatisfy(frame -> assertThat(frame).isEqualTo("{\"ref\":1,\"data\":{\"text\":\"hello carol\"}}"))
                    .anySatisfy(frame -> assertThat(frame).contains("\"data\":{\"text\":\"hello carol\"}"));
            assertThat(stream.next().data()).isEqualTo("{\"text\":\"hello carol\"}");
            assertThat(poll.next().data()).isEqualTo("{\"text\":\"hello carol\"}");

            HttpResponse<String> published = cdi.post(browser, "/api/desk", "text/plain", "from a resource");
            assertThat(published.statusCode()).isEqualTo(200);
            assertThat(stream.next().id())
                    .as("a JAX-RS resource's injected Topics are the runtime's")
                    .isEqualTo(published.body());
            assertThat(poll.next().data()).isEqualTo("{\"text\":\"from a resource\"}");
            assertThat(chat.next()).contains("\"data\":{\"text\":\"from a resource\"}");
        }
        assertThat(cdi.get("/api/desk/created").body())
                .as("one instance of the service, which the container created")
                .isEqualTo("1");
    }

    @Test
    void aDependentServiceIsOneInstanceForTheApplicationsLife() {
        assertThat(cdi.get("/counter", "Accept", "application/json").body()).isEqualTo("1");
        assertThat(cdi.get("/counter", "Accept", "application/json").body()).isEqualTo("2");
    }

    /**
     * WildFly's JAX-RS support puts its own Jackson modules ahead of every deployment's {@code WEB-INF/lib}, so the
     * runtime runs on WildFly's Jackson (as in the samples, whose smoke tests pass on it), unless the WAR excludes
     * those modules in {@code WEB-INF/jboss-deployment-structure.xml}; then it runs on its own.
     */
    @Test
    void theRuntimeRunsOnWildFlysJacksonUnlessTheWarExcludesIt() {
        assertThat(cdi.get("/api/desk/jackson").body())
                .contains("/modules/system/layers/base/com/fasterxml/jackson/core/jackson-databind/");
        HttpResponse<String> own = plain.get("/jackson");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("/plain.war/WEB-INF/lib/jackson-databind-");
        assertThat(plain.get("/now", "Accept", "application/json").body())
                .as("the runtime runs there too")
                .contains("42");
    }

    @Test
    void aServiceOfAScopeTheRuntimeCannotKeepStopsItsDeploymentNamingIt() throws IOException {
        Path failed = deployments.resolve("refused.war.failed");
        assertThat(failed).as("WildFly's marker of a failed deployment").exists();
        assertThat(Files.readString(failed))
                .contains("io.realtime.samples.smoke.RefusedCdiApp$Counter")
                .contains("is a CDI bean of scope @RequestScoped")
                .contains("[rule: service-constructor]");
        assertThat(deployments.resolve("cdi.war.deployed")).exists();
    }
}
