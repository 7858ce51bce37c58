package io.realtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisURI;
import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.Backplane;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backplane is configured by URL, with auth and TLS passed through to the client; bad settings fail clearly. */
class ConnectionSettingsTest {

    @Test
    void aPasswordInTheUrlAuthenticates() {
        try (RedisProcess redis = RedisProcess.startWith("--requirepass", "s3cret")) {
            try (RedisBackplane node = RedisBackplane.create("redis://:s3cret@127.0.0.1:" + redis.port())) {
                assertRoundTrip(node);
            }
            assertThatThrownBy(() -> RedisBackplane.create("redis://127.0.0.1:" + redis.port()))
                    .isInstanceOf(BackplaneException.class)
                    .hasMessageStartingWith("Could not connect to Redis");
            assertThatThrownBy(() -> RedisBackplane.create("redis://:wrong-guess@127.0.0.1:" + redis.port()))
                    .isInstanceOf(BackplaneException.class)
                    .message()
                    .doesNotContain("wrong-guess");
        }
    }

    @Test
    void anAclUserInTheUrlOrTheRedisUriAuthenticates() {
        try (RedisProcess redis = RedisProcess.start()) {
            redis.admin()
                    .aclSetuser(
                            "app",
                            AclSetuserArgs.Builder.on()
                                    .addPassword("app-pw")
                                    .allKeys()
                                    .allChannels()
                                    .allCommands());
            redis.admin().aclSetuser("default", AclSetuserArgs.Builder.off());
            try (RedisBackplane node = RedisBackplane.create("redis://app:app-pw@127.0.0.1:" + redis.port())) {
                assertRoundTrip(node);
            }
            RedisURI uri = RedisURI.builder()
                    .withHost("127.0.0.1")
                    .withPort(redis.port())
                    .withAuthentication("app", "app-pw".toCharArray())
                    .build();
            try (RedisBackplane node = RedisBackplane.builder(uri).build()) {
                assertRoundTrip(node);
            }
            assertThatThrownBy(() -> RedisBackplane.create("redis://app:nope@127.0.0.1:" + redis.port()))
                    .isInstanceOf(BackplaneException.class);
        }
    }

    @Test
    void tlsIsChosenByTheUrlAndConfiguredByClientOptions() {
        int tlsPort = RedisProcess.freePort();
        try (Certificates tls = Certificates.create();
                RedisProcess redis =
                        RedisProcess.startWith(tls.serverOptions(tlsPort).toArray(String[]::new))) {
            try (RedisBackplane node = RedisBackplane.builder("rediss://127.0.0.1:" + tlsPort)
                    .clientOptions(tls.trusting())
                    .timeout(Duration.ofSeconds(10)) // a TLS handshake took over the default second on a busy machine
                    .build()) {
                assertRoundTrip(node);
            }
            assertThatThrownBy(() -> RedisBackplane.create("rediss://127.0.0.1:" + tlsPort))
                    .as("a server certificate the JVM does not trust")
                    .isInstanceOf(BackplaneException.class);
        }
    }

    @Test
    void anUnreachableRedisFailsAtCreation() {
        int nobody = RedisProcess.freePort();
        assertThatThrownBy(() -> RedisBackplane.create("redis://127.0.0.1:" + nobody))
                .isInstanceOf(BackplaneException.class)
                .hasMessageStartingWith("Could not connect to Redis");
    }

    @Test
    void malformedUrlsAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> RedisBackplane.create("http://127.0.0.1:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisBackplane.create("redis://:hunter2@[broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        RedisBackplane.Builder builder = RedisBackplane.builder("redis://127.0.0.1:1");
        assertThatThrownBy(() -> builder.history(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.history(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.keyPrefix("app{1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.keyPrefix("")).isInstanceOf(IllegalArgumentException.class);
        builder.history(10, Duration.ofHours(2)).keyExpiry(Duration.ofHours(1));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key expiry");
    }

    @Test
    void keyPrefixesKeepApplicationsApart() {
        try (RedisProcess redis = RedisProcess.start();
                RedisBackplane shop =
                        RedisBackplane.builder(redis.url()).keyPrefix("shop:").build();
                RedisBackplane blog =
                        RedisBackplane.builder(redis.url()).keyPrefix("blog:").build()) {
            shop.publish("news", "message", AttachTest.bytes("1"));
            shop.publish("news", "message", AttachTest.bytes("2"));
            StoredEvent first = blog.publish("news", "message", AttachTest.bytes("1"));

            assertThat(first.offset()).isEqualTo(1);
            assertThat(redis.admin().keys("*"))
                    .containsExactlyInAnyOrder(
                            "shop:{news}:state", "shop:{news}:events", "blog:{news}:state", "blog:{news}:events");
        }
    }

    private static void assertRoundTrip(RedisBackplane node) {
        ListenerRecorder listener = new ListenerRecorder();
        try (Backplane.Attachment attachment = node.attach("settings", listener)) {
            String epoch = listener.next().epoch();
            node.publish("settings", "message", AttachTest.bytes("{}"));
            assertThat(listener.next()).isEqualTo(new Call(epoch, 1, "{}"));
        }
    }
}
