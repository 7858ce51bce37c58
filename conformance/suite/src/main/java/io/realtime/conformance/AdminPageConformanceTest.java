package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.ServerExtension;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin page (docs/observability.md, "Admin page"): off by default, and when on only for the roles and users of
 * {@code adminRoles}: anyone else, anonymous or logged in, gets {@code 403 forbidden} with a JSON body, for the page
 * and for its feed. An admitted user gets the page, and over its {@code @Stream} a snapshot of the node every two
 * seconds that counts the traffic it carries.
 */
class AdminPageConformanceTest {

    private static final String FORBIDDEN = "{\"error\":{\"code\":\"forbidden\",\"message\":\"The admin page is for the"
            + " roles and users in realtime.adminRoles\"}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Some traffic for the page to count. */
    public static class Prices {
        private final Topics topics;

        public Prices(Topics topics) {
            this.topics = topics;
        }

        @Stream("/prices")
        public Topic<Integer> prices() {
            return topics.get("prices");
        }
    }

    /** For alice by name; bob is a user too, in the same roles, and is not admitted. */
    @RegisterExtension
    static final ServerExtension<ContainerServer> server = ServerExtension.of(ContainerServer.builder()
            .config(RealtimeConfig.builder().adminRoles(Set.of("user:alice")).build())
            .users("alice", "bob")
            .services(Prices.class));

    @Test
    void anonymousAndOtherUsersAreRefusedWithJsonForThePageAndItsFeed() {
        for (Visitor visitor :
                new Visitor[] {server.get().visitor(), server.get().visitor().login("bob")}) {
            HttpResponse<String> page = visitor.get("/realtime/admin");
            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(page.body()).isEqualTo(FORBIDDEN);
            try (SseRecorder feed = visitor.tab().sse("/realtime/admin/live")) {
                assertThat(feed.status()).isEqualTo(403);
            }
            HttpResponse<String> live = visitor.get("/realtime/admin/live");
            assertThat(live.statusCode()).isEqualTo(403);
            assertThat(live.body()).isEqualTo(FORBIDDEN);
        }
    }

    @Test
    void anAdmittedUserGetsThePageAndSnapshotsThatCountTheTraffic() throws Exception {
        Visitor alice = server.get().visitor().login("alice");
        HttpResponse<String> page = alice.get("/realtime/admin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).contains("<title>realtime · admin</title>", "connect('/realtime/admin/live')");

        try (SseRecorder prices = server.get().visitor().tab().sse("/prices");
                SseRecorder feed = alice.tab().sse("/realtime/admin/live")) {
            assertThat(feed.status()).isEqualTo(200);
            server.get().topics().get("prices").publish(1);
            prices.next();
            JsonNode snapshot = nextSnapshot(feed);
            assertThat(snapshot.path("node").asText()).matches("[A-Za-z0-9_-]{8}");
            assertThat(snapshot.path("connections").path("sse").asLong())
                    .as("the price stream and the feed itself")
                    .isGreaterThanOrEqualTo(2);
            assertThat(snapshot.path("stats").path("subscriptions").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(snapshot.path("totals").path("delivered").asLong()).isPositive();
            assertThat(snapshot.path("totals").path("published").asLong()).isPositive();
            assertThat(snapshot.path("topics").findValuesAsText("name"))
                    .contains("prices")
                    .doesNotContain("realtime:admin");
        }
    }

    @Test
    void offByDefaultThePageDoesNotExist() {
        try (ContainerServer plain =
                ContainerServer.builder().services(Prices.class).start()) {
            assertThat(plain.visitor().get("/realtime/admin").statusCode()).isEqualTo(404);
            assertThat(plain.visitor().get("/realtime/admin/live").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aRoleAdmitsEveryUserInIt() {
        try (ContainerServer byRole = ContainerServer.builder()
                .config(RealtimeConfig.builder().adminRoles(Set.of("user")).build())
                .users("carol")
                .services(Prices.class)
                .start()) {
            assertThat(byRole.visitor().get("/realtime/admin").statusCode()).isEqualTo(403);
            assertThat(byRole.visitor().login("carol").get("/realtime/admin").statusCode())
                    .as("the test containers give every user the role 'user'")
                    .isEqualTo(200);
        }
    }

    private static JsonNode nextSnapshot(SseRecorder feed) throws Exception {
        // The first snapshot may have been taken before the price was delivered: read until one counts it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            SseEvent event = feed.next(Duration.ofSeconds(5));
            JsonNode snapshot = JSON.readTree(event.data());
            if (snapshot.path("totals").path("delivered").asLong() > 0 || System.nanoTime() > deadline) {
                return snapshot;
            }
        }
    }
}
