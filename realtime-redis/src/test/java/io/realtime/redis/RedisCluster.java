package io.realtime.redis;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real Redis Cluster on 127.0.0.1, started and stopped by the test: {@code redis-server --cluster-enabled yes}
 * processes on free ports, each in its own directory under {@code target/redis-cluster/}, joined by
 * {@code redis-cli --cluster create}. Without persistence unless asked for. Fails, never skips, when
 * {@code redis-server} or {@code redis-cli} is not installed.
 */
final class RedisCluster implements AutoCloseable {

    private static final Duration CONVERGE_WAIT = Duration.ofSeconds(30);

    private final List<RedisProcess> nodes;
    private final List<Integer> tlsPorts;
    private final int masters;

    private RedisCluster(List<RedisProcess> nodes, List<Integer> tlsPorts, int masters) {
        this.nodes = nodes;
        this.tlsPorts = tlsPorts;
        this.masters = masters;
    }

    /**
     * Starts a cluster and waits until every node agrees that it is healthy.
     *
     * @param masters how many masters share the slots, at least three
     * @param replicasPerMaster how many replicas each has
     * @param nodeTimeout how long a master may not answer before the others consider it failed
     * @param options more server options for every node, such as {@code --requirepass}
     */
    static RedisCluster start(int masters, int replicasPerMaster, Duration nodeTimeout, String... options) {
        return start(masters, replicasPerMaster, nodeTimeout, null, options);
    }

    /**
     * Starts a cluster of masters that speak TLS to clients and to each other; each keeps a plain port, for the test's
     * own commands.
     */
    static RedisCluster startWithTls(int masters, Certificates certificates) {
        return start(masters, 0, Duration.ofSeconds(5), certificates);
    }

    private static RedisCluster start(
            int masters, int replicasPerMaster, Duration nodeTimeout, Certificates certificates, String... options) {
        String cli = RedisProcess.executable("redis-cli", "redis-tools");
        List<RedisProcess> nodes = new ArrayList<>();
        List<Integer> tlsPorts = new ArrayList<>();
        try {
            Path root =
                    Files.createDirectories(Path.of("target", "redis-cluster").toAbsolutePath());
            for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
                List<String> all = new ArrayList<>(List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
                        "--cluster-port", Integer.toString(RedisProcess.freePort()),
                        // Topics on the masters still up carry on while one is down.
                        "--cluster-require-full-coverage", "no",
                        // A replica that (re)joins is in sync at once, not after the default 5 s of waiting.
                        "--repl-diskless-sync-delay", "0"));
                all.addAll(Arrays.asList(options));
                if (certificates != null) {
                    tlsPorts.add(RedisProcess.freePort());
                    all.addAll(certificates.serverOptions(tlsPorts.get(i)));
                    all.addAll(List.of("--tls-cluster", "yes", "--tls-replication", "yes"));
                }
                nodes.add(RedisProcess.startIn(Files.createTempDirectory(root, "node-"), all.toArray(String[]::new)));
            }
            RedisCluster cluster = new RedisCluster(nodes, tlsPorts, masters);
            List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
            cluster.urls().forEach(url -> create.add(url.substring(url.indexOf("//") + 2)));
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
            if (certificates != null) {
                create.addAll(List.of("--tls", "--cacert", certificates.cert().toString()));
            }
            password(options).ifPresent(password -> create.addAll(List.of("-a", password, "--no-auth-warning")));
            run(create);
            cluster.awaitHealthy();
            return cluster;
        } catch (IOException e) {
            nodes.forEach(RedisProcess::close);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** @return a URL of each node, for seeds: {@code rediss://} on a cluster with TLS */
    List<String> urls() {
        if (tlsPorts.isEmpty()) {
            return nodes.stream().map(RedisProcess::url).toList();
        }
        return tlsPorts.stream().map(port -> "rediss://127.0.0.1:" + port).toList();
    }

    List<RedisProcess> nodes() {
        return nodes;
    }

    /** @return the node serving a key's slot as a master, by the view of a node that runs */
    RedisProcess masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (String line : view().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")) {
                for (int i = 8; i < fields.length; i++) {
                    if (covers(fields[i], slot)) {
                        return byAddress(fields[1]);
                    }
                }
            }
        }
        throw new AssertionError("No master serves slot " + slot + " of " + key + ":\n" + view());
    }

    /**
     * @param prefix what the names start with
     * @return one topic name per master, on each a different one: the first whose keys fall there
     */
    List<String> topicsOnEveryMaster(String prefix) {
        Map<RedisProcess, String> byMaster = new HashMap<>();
        for (int i = 0; byMaster.size() < masters; i++) {
            byMaster.putIfAbsent(masterOf(new Keys("realtime:", true).state(prefix + i)), prefix + i);
        }
        return List.copyOf(byMaster.values());
    }

    /** Waits until every running node sees every slot served and the masters' replicas in sync. */
    void awaitHealthy() {
        await(
                () -> nodes.stream().filter(RedisProcess::running).allMatch(this::healthy),
                () -> "a healthy cluster; a node sees:\n" + view());
    }

    /** Waits until a replica has replaced the master of a key, and every slot is served again. */
    void awaitFailover(String key, RedisProcess former) {
        await(
                () -> {
                    try {
                        return masterOf(key) != former
                                && nodes.stream()
                                        .filter(RedisProcess::running)
                                        .allMatch(node ->
                                                node.admin().clusterInfo().contains("cluster_slots_ok:16384"));
                    } catch (RuntimeException | AssertionError notYet) {
                        return false;
                    }
                },
                () -> "a replica to replace the master on " + former.port() + "; a node sees:\n" + view());
    }

    /**
     * Moves a slot and its keys from one master to another, as {@code redis-cli --cluster reshard} does, and waits
     * until every node knows.
     */
    void moveSlot(int slot, RedisProcess source, RedisProcess target) {
        String sourceId = source.admin().clusterMyId();
        String targetId = target.admin().clusterMyId();
        target.admin().clusterSetSlotImporting(slot, sourceId);
        source.admin().clusterSetSlotMigrating(slot, targetId);
        List<String> keys = source.admin().clusterGetKeysInSlot(slot, 1000);
        if (!keys.isEmpty()) {
            source.admin()
                    .migrate(
                            "127.0.0.1", target.port(), 0, 5000, MigrateArgs.Builder.keys(keys.toArray(String[]::new)));
        }
        for (RedisProcess node : List.of(target, source)) {
            node.admin().clusterSetSlotNode(slot, targetId);
        }
        nodes.stream()
                .filter(node -> node != source && node != target && node.running())
                .forEach(node -> node.admin().clusterSetSlotNode(slot, targetId));
        await(
                () -> nodes.stream().filter(RedisProcess::running).allMatch(node -> {
                    String view = node.admin().clusterNodes();
                    return view.lines()
                            .filter(line -> line.startsWith(targetId))
                            .anyMatch(line ->
                                    Arrays.stream(line.split(" ")).skip(8).anyMatch(range -> covers(range, slot)));
                }),
                () -> "every node to see slot " + slot + " on " + target.port() + ":\n" + view());
    }

    /** @return whether a slot range of {@code CLUSTER NODES} holds the slot; a migration, {@code [...]}, does not */
    private static boolean covers(String range, int slot) {
        if (range.startsWith("[")) {
            return false;
        }
        String[] bounds = range.split("-");
        int first = Integer.parseInt(bounds[0]);
        int last = bounds.length > 1 ? Integer.parseInt(bounds[1]) : first;
        return slot >= first && slot <= last;
    }

    /** @return what a running node tells of the cluster ({@code CLUSTER NODES}) */
    String view() {
        for (RedisProcess node : nodes) {
            if (node.running()) {
                try {
                    return node.admin().clusterNodes();
                } catch (RuntimeException notAnswering) {
                    // ask another
                }
            }
        }
        throw new AssertionError("No node of the cluster runs");
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }

    private boolean healthy(RedisProcess node) {
        try {
            String info = node.admin().clusterInfo();
            String replication = node.admin().info("replication");
            return info.contains("cluster_state:ok")
                    && info.contains("cluster_slots_ok:16384")
                    && info.contains("cluster_known_nodes:"
                            + nodes.stream().filter(RedisProcess::running).count())
                    && (replication.contains("role:master") || replication.contains("master_link_status:up"));
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private RedisProcess byAddress(String address) {
        String port = address.substring(address.indexOf(':') + 1, address.indexOf('@'));
        return nodes.stream()
                .filter(node -> Integer.toString(node.port()).equals(port))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Unknown node " + address));
    }

    private static Optional<String> password(String... options) {
        for (int i = 0; i + 1 < options.length; i++) {
            if (options[i].equals("--requirepass")) {
                return Optional.of(options[i + 1]);
            }
        }
        return Optional.empty();
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(
                        "redis-cli --cluster create failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, Supplier<String> description) {
        long deadline = System.nanoTime() + CONVERGE_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + description.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
