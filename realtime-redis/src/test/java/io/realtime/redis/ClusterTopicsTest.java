package io.realtime.redis;

import static io.realtime.redis.AttachTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import io.lettuce.core.cluster.SlotHash;
import io.realtime.redis.ListenerRecorder.Call;
import io.realtime.spi.StoredEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a Redis Cluster each topic lives on the master of its slot, keys and notices alike: topics spread over every
 * master, and a node hears of a topic's events from that master alone, by sharded pub/sub.
 */
class ClusterTopicsTest {

    private static final Keys KEYS = new Keys("realtime:", true);

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3, 0, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void topicsSpreadOverEveryMasterAndTheirNoticesStayInTheirShard() {
        List<String> topics =
                IntStream.range(0, 30).mapToObj(i -> "spread-" + i).toList();
        try (RedisBackplane a = RedisBackplane.cluster(cluster.urls().get(0));
                RedisBackplane b = RedisBackplane.cluster(cluster.urls().get(1))) {
            Map<String, ListenerRecorder> onB = attach(b, topics);
            for (String topic : topics) {
                StoredEvent event = a.publish(topic, "message", bytes('"' + topic + '"'));
                assertThat(event.offset()).isEqualTo(1);
                assertThat(onB.get(topic).next()).isEqualTo(new Call(event.epoch(), 1, '"' + topic + '"'));
            }

            Set<RedisProcess> masters = new HashSet<>();
            for (String topic : topics) {
                RedisProcess master = cluster.masterOf(KEYS.state(topic));
                masters.add(master);
                assertThat(master.admin().exists(KEYS.state(topic), KEYS.events(topic)))
                        .as("both keys of %s on its master", topic)
                        .isEqualTo(2);
                assertThat(master.admin().pubsubShardChannels()).contains(KEYS.channel(topic));
            }
            assertThat(masters).as("masters holding topics").hasSize(3);
            for (RedisProcess node : cluster.nodes()) {
                assertThat(node.admin().pubsubChannels())
                        .as("plain pub/sub channels")
                        .isEmpty();
            }
            onB.values().forEach(recorder -> recorder.assertNothingMore(Duration.ofMillis(10)));
        }
    }

    @Test
    void topicNamesWithBracesOrPercentSignsKeepTheirKeysInOneSlot() {
        List<String> topics = List.of("}first", "a}b", "a%7Db", "%", "{x}", "x");
        try (RedisBackplane node = RedisBackplane.cluster(cluster.urls().get(2))) {
            Map<String, ListenerRecorder> listeners = attach(node, topics);
            for (String topic : topics) {
                for (int i = 1; i <= 2; i++) {
                    StoredEvent event = node.publish(topic, "message", bytes(i + ""));
                    assertThat(event.offset()).as("offset in %s", topic).isEqualTo(i);
                    assertThat(listeners.get(topic).next()).isEqualTo(new Call(event.epoch(), i, i + ""));
                }
                RedisProcess master = cluster.masterOf(KEYS.state(topic));
                assertThat(master.admin().clusterKeyslot(KEYS.events(topic)))
                        .isEqualTo(master.admin().clusterKeyslot(KEYS.state(topic)))
                        .isEqualTo(master.admin().clusterKeyslot(KEYS.channel(topic)));
                assertThat(KEYS.topicOf(KEYS.channel(topic))).isEqualTo(topic);
            }
        }
    }

    @Test
    void brokenSubscriptionsAreRenewedAndWhatWasMissedIsReadFromTheStreams() {
        // Several topics per master, in different slots: renewing them takes one SSUBSCRIBE per slot.
        List<String> topics =
                IntStream.range(0, 12).mapToObj(i -> "renewed-" + i).toList();
        try (RedisBackplane a = RedisBackplane.cluster(cluster.urls().get(0));
                RedisBackplane b = RedisBackplane.cluster(cluster.urls().get(1))) {
            Map<String, ListenerRecorder> onB = attach(b, topics);
            Map<String, String> epochs = new LinkedHashMap<>();
            for (String topic : topics) {
                epochs.put(topic, a.publish(topic, "message", bytes("1")).epoch());
                assertThat(onB.get(topic).next()).isEqualTo(new Call(epochs.get(topic), 1, "1"));
            }

            long killed = 0;
            for (RedisProcess node : cluster.nodes()) {
                killed += node.admin().clientKill(KillArgs.Builder.typePubsub());
            }
            // B's subscribing connections, one per master (and any of a closed node the server has not reaped yet)
            assertThat(killed).isGreaterThanOrEqualTo(3);
            for (String topic : topics) {
                a.publish(topic, "message", bytes("2")); // announced while B is not subscribed, most likely
                a.publish(topic, "message", bytes("3"));
            }

            for (String topic : topics) {
                String epoch = epochs.get(topic);
                assertThat(onB.get(topic).next(2)).containsExactly(new Call(epoch, 2, "2"), new Call(epoch, 3, "3"));
            }
            Nodes.await(
                    () -> topics.stream()
                            .allMatch(topic -> cluster.masterOf(KEYS.state(topic))
                                    .admin()
                                    .pubsubShardChannels()
                                    .contains(KEYS.channel(topic))),
                    () -> "every subscription renewed");
            for (String topic : topics) {
                StoredEvent live = a.publish(topic, "message", bytes("4"));
                assertThat(onB.get(topic).next()).isEqualTo(new Call(live.epoch(), 4, "4"));
            }
            onB.values().forEach(recorder -> recorder.assertNothingMore(Duration.ofMillis(10)));
        }
    }

    @Test
    void aTopicWhoseSlotMovesToAnotherMasterFollowsItThereAfterAReset() {
        String topic = cluster.topicsOnEveryMaster("moving-").get(0);
        int slot = SlotHash.getSlot(KEYS.state(topic));
        RedisProcess source = cluster.masterOf(KEYS.state(topic));
        RedisProcess target = cluster.nodes().stream()
                .filter(node -> node != source)
                .findFirst()
                .orElseThrow();
        try (RedisBackplane a = RedisBackplane.cluster(cluster.urls().get(0));
                RedisBackplane b = RedisBackplane.cluster(cluster.urls().get(1))) {
            ListenerRecorder onB = attach(b, List.of(topic)).get(topic);
            StoredEvent before = a.publish(topic, "message", bytes("1"));
            assertThat(onB.next()).isEqualTo(new Call(before.epoch(), 1, "1"));

            cluster.moveSlot(slot, source, target);
            assertThat(cluster.masterOf(KEYS.state(topic))).isSameAs(target);

            // The source ended B's subscription with the slot; B subscribes again where the slot went.
            Nodes.await(
                    () -> target.admin().pubsubShardChannels().contains(KEYS.channel(topic)),
                    () -> "B's subscription at the new master");
            StoredEvent after = a.publish(topic, "message", bytes("2"));
            assertThat(after.epoch())
                    .as("a new epoch: another master numbers the topic")
                    .isNotEqualTo(before.epoch());
            Call reset = onB.next();
            assertThat(reset.isReset()).isTrue();
            assertThat(reset.epoch()).isEqualTo(after.epoch());
            assertThat(onB.next()).isEqualTo(new Call(after.epoch(), after.offset(), "2"));
            onB.assertNothingMore(Duration.ofMillis(200));
            assertThat(source.admin().pubsubShardChannels()).doesNotContain(KEYS.channel(topic));
        }
    }

    /** Attaches the topics, each with its own recorder, and checks the first callback: a new topic's reset. */
    static Map<String, ListenerRecorder> attach(RedisBackplane node, List<String> topics) {
        Map<String, ListenerRecorder> listeners = new LinkedHashMap<>();
        for (String topic : topics) {
            ListenerRecorder listener = new ListenerRecorder();
            node.attach(topic, listener);
            assertThat(listener.next().isReset()).isTrue();
            listeners.put(topic, listener);
        }
        return listeners; // the attachments end when the node closes
    }
}
