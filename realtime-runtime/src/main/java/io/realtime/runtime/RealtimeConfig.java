package io.realtime.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.spi.Backplane;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The runtime's settings. Every setting has a default that suits a single node behind a typical proxy, so
 * most applications never build one. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <p>In a WAR, set them as context parameters named {@code realtime.<setting>} in {@code web.xml}, for example
 * {@code realtime.heartbeat = 15s}; they apply on top of the settings given to {@link Realtime}. Durations are
 * written {@code 500ms}, {@code 15s}, {@code 10m}, {@code 2h} or in ISO-8601 ({@code PT15S}). An unknown
 * {@code realtime.*} parameter stops deployment, naming the nearest known one, so a typo does not go unnoticed.
 * The objects ({@link #objectMapper()}, {@link #backplane()}, {@link #serviceFactory()}) are set with the builder
 * alone. The project's {@code docs/configuration.md} lists every setting with its format, limits and an example.
 */
public final class RealtimeConfig {

    private static final RealtimeConfig DEFAULTS = new RealtimeConfig(Settings.defaults());

    private final Object[] values;

    private RealtimeConfig(Object[] values) {
        this.values = values;
    }

    /** {@return the default settings} */
    public static RealtimeConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder starting from the defaults} */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** {@return a new builder starting from these settings} */
    public Builder toBuilder() {
        return new Builder(values.clone());
    }

    /**
     * Reads settings from {@code realtime.*} context parameters, such as {@code realtime.historyMaxEvents}, on top
     * of these settings. Names outside {@code realtime.} are ignored.
     *
     * @param parameters the parameter names present
     * @param value looks up a parameter's value
     * @return the combined settings
     * @throws IllegalArgumentException naming the parameter, if a name is unknown or a value invalid
     */
    public RealtimeConfig withParameters(Iterable<String> parameters, Function<String, String> value) {
        return new RealtimeConfig(ContextParameters.read(values, parameters, value));
    }

    /**
     * The settings that differ from the defaults, as the runtime logs them when it starts, such as
     * {@code RealtimeConfig[heartbeat=20s, tokenKeys=[2026-01]]}: token keys by id alone, objects by class.
     */
    @Override
    public String toString() {
        String changed = Settings.changed(values);
        return "RealtimeConfig[" + (changed.isEmpty() ? "defaults" : changed) + "]";
    }

    private <T> T get(Setting<T> setting) {
        return setting.cast(values[setting.index()]);
    }

    // Delivery

    /** {@return how many recent events each topic retains for resuming clients} Default {@code 1000}. */
    public int historyMaxEvents() {
        return get(Settings.HISTORY_MAX_EVENTS);
    }

    /** {@return how long a topic retains an event for resuming clients} Default {@code 10m}. */
    public Duration historyMaxAge() {
        return get(Settings.HISTORY_MAX_AGE);
    }

    /**
     * {@return how many events each run retains, from its first, for clients that attach or come back} Default
     * {@code 10000}.
     */
    public int runMaxEvents() {
        return get(Settings.RUN_MAX_EVENTS);
    }

    /** {@return how long a run retains an event} Default {@code 1h}. */
    public Duration runMaxAge() {
        return get(Settings.RUN_MAX_AGE);
    }

    /** {@return how many topics may exist at once} Default {@code 100000}. */
    public int maxTopics() {
        return get(Settings.MAX_TOPICS);
    }

    /**
     * {@return how long a tab stays present on a topic once its last joined connection has closed} Default
     * {@code 5s}.
     */
    public Duration presenceGrace() {
        return get(Settings.PRESENCE_GRACE);
    }

    /** {@return how many present members of a topic are listed; the others are counted} Default {@code 100}. */
    public int presenceListLimit() {
        return get(Settings.PRESENCE_LIST_LIMIT);
    }

    /**
     * {@return how many events addressed to one connection alone may wait to be written} Default {@code 1024}.
     */
    public int outboundQueue() {
        return get(Settings.OUTBOUND_QUEUE);
    }

    /**
     * {@return how long a connection may have data waiting that the client does not read before it is closed}
     * Default {@code 30s}.
     */
    public Duration stallTimeout() {
        return get(Settings.STALL_TIMEOUT);
    }

    // Transports

    /** {@return how long a stream may stay silent before the runtime sends a heartbeat} Default {@code 15s}. */
    public Duration heartbeat() {
        return get(Settings.HEARTBEAT);
    }

    /** {@return the reconnection delay sent to Server-Sent Events clients ({@code retry:})} Default {@code 2s}. */
    public Duration sseRetry() {
        return get(Settings.SSE_RETRY);
    }

    /**
     * {@return how long a WebSocket client may stay silent before the connection is closed} Default {@code 1m}.
     */
    public Duration idleTimeout() {
        return get(Settings.IDLE_TIMEOUT);
    }

    /**
     * {@return the longest a long-poll request is held waiting for an event before it is answered {@code 204}}
     * Default {@code 25s}.
     */
    public Duration pollTimeout() {
        return get(Settings.POLL_TIMEOUT);
    }

    /** {@return how many events one long-poll answer carries at most} Default {@code 1000}. */
    public int pollMaxEvents() {
        return get(Settings.POLL_MAX_EVENTS);
    }

    /** {@return how many bytes of events one long-poll answer carries at most} Default {@code 65536}. */
    public int pollMaxBytes() {
        return get(Settings.POLL_MAX_BYTES);
    }

    // Limits

    /**
     * {@return the largest message a client may send to a {@code @Duplex} endpoint, in bytes} Default
     * {@code 65536}.
     */
    public int maxMessageSize() {
        return get(Settings.MAX_MESSAGE_SIZE);
    }

    /** {@return how many messages from one {@code @Duplex} connection may wait to be handled} Default {@code 32}. */
    public int inboundQueue() {
        return get(Settings.INBOUND_QUEUE);
    }

    /**
     * {@return how many long-poll requests one HTTP session may have in progress at once} Default {@code 16}.
     */
    public int maxPollsPerSession() {
        return get(Settings.MAX_POLLS_PER_SESSION);
    }

    /**
     * {@return how many long-poll requests one client address may have in progress at once} Default
     * {@code 1000}.
     */
    public int maxPollsPerAddress() {
        return get(Settings.MAX_POLLS_PER_ADDRESS);
    }

    /**
     * {@return how many subscriptions one shared connection ({@code /realtime/mux}) carries at once} Default
     * {@code 100}.
     */
    public int maxSubscriptionsPerConnection() {
        return get(Settings.MAX_SUBSCRIPTIONS_PER_CONNECTION);
    }

    /**
     * {@return how many subscriptions of shared connections ({@code /realtime/mux}) one HTTP session may hold at
     * once} Default {@code 1000}.
     */
    public int maxSubscriptionsPerSession() {
        return get(Settings.MAX_SUBSCRIPTIONS_PER_SESSION);
    }

    /**
     * {@return how many subscriptions of shared connections ({@code /realtime/mux}) one client address may hold at
     * once} Default {@code 10000}.
     */
    public int maxSubscriptionsPerAddress() {
        return get(Settings.MAX_SUBSCRIPTIONS_PER_ADDRESS);
    }

    /** {@return how many tabs the runtime keeps state for at once} Default {@code 100000}. */
    public int maxTabs() {
        return get(Settings.MAX_TABS);
    }

    /** {@return how many tabs one HTTP session may have state for at once} Default {@code 100}. */
    public int maxTabsPerSession() {
        return get(Settings.MAX_TABS_PER_SESSION);
    }

    /** {@return how many tabs one client address may have state for at once} Default {@code 5000}. */
    public int maxTabsPerAddress() {
        return get(Settings.MAX_TABS_PER_ADDRESS);
    }

    /**
     * {@return how many connection attempts a second one client address may make on average} Default {@code 100}.
     */
    public int connectRate() {
        return get(Settings.CONNECT_RATE);
    }

    /**
     * {@return how many connection attempts one client address may make at once before {@code connectRate} paces
     * it} Default {@code 500}.
     */
    public int connectBurst() {
        return get(Settings.CONNECT_BURST);
    }

    /**
     * {@return how many uplink requests a second one client address may make on average} Default {@code 100}.
     */
    public int uplinkRate() {
        return get(Settings.UPLINK_RATE);
    }

    /**
     * {@return how many uplink requests one client address may make at once before {@code uplinkRate} paces it}
     * Default {@code 500}.
     */
    public int uplinkBurst() {
        return get(Settings.UPLINK_BURST);
    }

    /**
     * {@return how many attributes one tab's {@code RealtimeSession.attributes()} may hold} Default {@code 64}.
     */
    public int maxTabAttributes() {
        return get(Settings.MAX_TAB_ATTRIBUTES);
    }

    // Identity and origins

    /** {@return the origins allowed besides the application's own} Default none: same-origin only. */
    public Set<String> allowedOrigins() {
        return get(Settings.ALLOWED_ORIGINS);
    }

    /**
     * {@return the host names the application answers to, when it should answer to no other} Default none: any host.
     */
    public Set<String> allowedHosts() {
        return get(Settings.ALLOWED_HOSTS);
    }

    /**
     * {@return the reverse proxies whose {@code Forwarded} and {@code X-Forwarded-For} headers name the client}
     * Default the loopback: {@code 127.0.0.0/8, ::1}.
     */
    public List<String> trustedProxies() {
        return get(Settings.TRUSTED_PROXIES);
    }

    /** {@return the keys of tab tokens, the signing key first} Default none: a random key per start. */
    public List<TokenKey> tokenKeys() {
        return get(Settings.TOKEN_KEYS);
    }

    /** {@return how long a tab token is accepted after it is issued} Default {@code 24h}. */
    public Duration tokenLifetime() {
        return get(Settings.TOKEN_LIFETIME);
    }

    /**
     * {@return how long a tab's state is kept once it has no connection and no request in progress} Default
     * {@code 30m}.
     */
    public Duration tabIdleTimeout() {
        return get(Settings.TAB_IDLE_TIMEOUT);
    }

    /**
     * {@return whether a tab's attributes follow it to every node, when the backplane keeps them} Default
     * {@code true}.
     */
    public boolean tabAttributesAcrossNodes() {
        return get(Settings.TAB_ATTRIBUTES_ACROSS_NODES);
    }

    // Services

    /** {@return how many platform threads run application methods on Java 17 to 20} Default {@code 64}. */
    public int workerThreads() {
        return get(Settings.WORKER_THREADS);
    }

    /**
     * {@return whether the runtime answers readiness at {@code /realtime/health} for load balancers} Default
     * {@code false}.
     */
    public boolean healthEndpoint() {
        return get(Settings.HEALTH_ENDPOINT);
    }

    /**
     * {@return who may open the live admin page at {@code /realtime/admin}: these servlet roles, and the users written
     * {@code user:NAME}} Default none: no admin page.
     */
    public Set<String> adminRoles() {
        return get(Settings.ADMIN_ROLES);
    }

    /**
     * {@return the Jackson mapper used for every event and message} Default a {@code new ObjectMapper()} with the
     * {@code java.time} and {@code Optional} modules (jackson-datatype-jsr310 and -jdk8), writing dates as ISO-8601
     * text and ignoring unknown properties.
     */
    public ObjectMapper objectMapper() {
        return get(Settings.OBJECT_MAPPER);
    }

    /**
     * {@return the backplane that orders and stores events} Default empty: the in-memory backplane, for a single
     * node.
     */
    public Optional<Backplane> backplane() {
        return Optional.ofNullable(get(Settings.BACKPLANE));
    }

    /**
     * {@return what creates the service instances of endpoint classes given as classes} Default empty: the runtime
     * calls a public constructor.
     */
    public Optional<Function<Class<?>, Object>> serviceFactory() {
        return Optional.ofNullable(get(Settings.SERVICE_FACTORY));
    }

    /** Builds a {@link RealtimeConfig}; each method checks its value at once. Not thread-safe. */
    public static final class Builder {

        private final Object[] values;

        private Builder(Object[] values) {
            this.values = values;
        }

        private <T> Builder set(Setting<T> setting, T value) {
            values[setting.index()] = setting.check(value);
            return this;
        }

        /** {@return the settings} */
        public RealtimeConfig build() {
            return new RealtimeConfig(values.clone());
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#historyMaxEvents()} set}
         * @param value 1 to 1,000,000
         */
        public Builder historyMaxEvents(int value) {
            return set(Settings.HISTORY_MAX_EVENTS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#historyMaxAge()} set}
         * @param value positive
         */
        public Builder historyMaxAge(Duration value) {
            return set(Settings.HISTORY_MAX_AGE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#runMaxEvents()} set}
         * @param value 1 to 1,000,000
         */
        public Builder runMaxEvents(int value) {
            return set(Settings.RUN_MAX_EVENTS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#runMaxAge()} set}
         * @param value positive
         */
        public Builder runMaxAge(Duration value) {
            return set(Settings.RUN_MAX_AGE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxTopics()} set}
         * @param value at least 1
         */
        public Builder maxTopics(int value) {
            return set(Settings.MAX_TOPICS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#presenceGrace()} set}
         * @param value positive, at most 10 minutes
         */
        public Builder presenceGrace(Duration value) {
            return set(Settings.PRESENCE_GRACE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#presenceListLimit()} set}
         * @param value 1 to 10,000
         */
        public Builder presenceListLimit(int value) {
            return set(Settings.PRESENCE_LIST_LIMIT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#outboundQueue()} set}
         * @param value 1 to 1,000,000
         */
        public Builder outboundQueue(int value) {
            return set(Settings.OUTBOUND_QUEUE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#stallTimeout()} set}
         * @param value positive
         */
        public Builder stallTimeout(Duration value) {
            return set(Settings.STALL_TIMEOUT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#heartbeat()} set}
         * @param value positive
         */
        public Builder heartbeat(Duration value) {
            return set(Settings.HEARTBEAT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#sseRetry()} set}
         * @param value positive
         */
        public Builder sseRetry(Duration value) {
            return set(Settings.SSE_RETRY, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#idleTimeout()} set}
         * @param value positive
         */
        public Builder idleTimeout(Duration value) {
            return set(Settings.IDLE_TIMEOUT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#pollTimeout()} set}
         * @param value positive, at most 10 minutes
         */
        public Builder pollTimeout(Duration value) {
            return set(Settings.POLL_TIMEOUT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#pollMaxEvents()} set}
         * @param value 1 to 10,000
         */
        public Builder pollMaxEvents(int value) {
            return set(Settings.POLL_MAX_EVENTS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#pollMaxBytes()} set}
         * @param value 1,024 to 16,777,216
         */
        public Builder pollMaxBytes(int value) {
            return set(Settings.POLL_MAX_BYTES, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxMessageSize()} set}
         * @param value 1 to 16,777,216
         */
        public Builder maxMessageSize(int value) {
            return set(Settings.MAX_MESSAGE_SIZE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#inboundQueue()} set}
         * @param value 1 to 10,000
         */
        public Builder inboundQueue(int value) {
            return set(Settings.INBOUND_QUEUE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxPollsPerSession()} set}
         * @param value 1 to 1,000,000
         */
        public Builder maxPollsPerSession(int value) {
            return set(Settings.MAX_POLLS_PER_SESSION, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxPollsPerAddress()} set}
         * @param value 1 to 1,000,000
         */
        public Builder maxPollsPerAddress(int value) {
            return set(Settings.MAX_POLLS_PER_ADDRESS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxSubscriptionsPerConnection()} set}
         * @param value 1 to 10,000
         */
        public Builder maxSubscriptionsPerConnection(int value) {
            return set(Settings.MAX_SUBSCRIPTIONS_PER_CONNECTION, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxSubscriptionsPerSession()} set}
         * @param value 1 to 1,000,000
         */
        public Builder maxSubscriptionsPerSession(int value) {
            return set(Settings.MAX_SUBSCRIPTIONS_PER_SESSION, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxSubscriptionsPerAddress()} set}
         * @param value 1 to 10,000,000
         */
        public Builder maxSubscriptionsPerAddress(int value) {
            return set(Settings.MAX_SUBSCRIPTIONS_PER_ADDRESS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxTabs()} set}
         * @param value at least 1
         */
        public Builder maxTabs(int value) {
            return set(Settings.MAX_TABS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxTabsPerSession()} set}
         * @param value at least 1
         */
        public Builder maxTabsPerSession(int value) {
            return set(Settings.MAX_TABS_PER_SESSION, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxTabsPerAddress()} set}
         * @param value at least 1
         */
        public Builder maxTabsPerAddress(int value) {
            return set(Settings.MAX_TABS_PER_ADDRESS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#connectRate()} set}
         * @param value 1 to 1,000,000
         */
        public Builder connectRate(int value) {
            return set(Settings.CONNECT_RATE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#connectBurst()} set}
         * @param value 1 to 1,000,000
         */
        public Builder connectBurst(int value) {
            return set(Settings.CONNECT_BURST, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#uplinkRate()} set}
         * @param value 1 to 1,000,000
         */
        public Builder uplinkRate(int value) {
            return set(Settings.UPLINK_RATE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#uplinkBurst()} set}
         * @param value 1 to 1,000,000
         */
        public Builder uplinkBurst(int value) {
            return set(Settings.UPLINK_BURST, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#maxTabAttributes()} set}
         * @param value 1 to 10,000
         */
        public Builder maxTabAttributes(int value) {
            return set(Settings.MAX_TAB_ATTRIBUTES, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#allowedOrigins()} set}
         * @param value origins such as {@code https://app.example.com}, or {@code *}
         */
        public Builder allowedOrigins(Set<String> value) {
            return set(Settings.ALLOWED_ORIGINS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#allowedHosts()} set}
         * @param value hosts as the {@code Host} header writes them, such as {@code app.example.com:8443}
         */
        public Builder allowedHosts(Set<String> value) {
            return set(Settings.ALLOWED_HOSTS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#trustedProxies()} set}
         * @param value IP addresses or CIDR blocks such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}; never host names
         */
        public Builder trustedProxies(List<String> value) {
            return set(Settings.TRUSTED_PROXIES, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#tokenKeys()} set}
         * @param value the keys, the signing key first, with distinct ids; empty for a random key per start
         */
        public Builder tokenKeys(List<TokenKey> value) {
            return set(Settings.TOKEN_KEYS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#tokenLifetime()} set}
         * @param value positive, at most 365 days
         */
        public Builder tokenLifetime(Duration value) {
            return set(Settings.TOKEN_LIFETIME, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#tabIdleTimeout()} set}
         * @param value positive
         */
        public Builder tabIdleTimeout(Duration value) {
            return set(Settings.TAB_IDLE_TIMEOUT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#workerThreads()} set}
         * @param value 1 to 10,000
         */
        public Builder workerThreads(int value) {
            return set(Settings.WORKER_THREADS, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#tabAttributesAcrossNodes()} set}
         * @param value {@code true} or {@code false}
         */
        public Builder tabAttributesAcrossNodes(boolean value) {
            return set(Settings.TAB_ATTRIBUTES_ACROSS_NODES, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#healthEndpoint()} set}
         * @param value {@code true} or {@code false}
         */
        public Builder healthEndpoint(boolean value) {
            return set(Settings.HEALTH_ENDPOINT, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#adminRoles()} set}
         * @param value roles such as {@code ops}, or users such as {@code user:alice}
         */
        public Builder adminRoles(Set<String> value) {
            return set(Settings.ADMIN_ROLES, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#objectMapper()} set}
         * @param value the mapper; it must not be reconfigured afterwards
         */
        public Builder objectMapper(ObjectMapper value) {
            return set(Settings.OBJECT_MAPPER, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#backplane()} set} The runtime closes it when the
         * application stops.
         * @param value the backplane
         */
        public Builder backplane(Backplane value) {
            return set(Settings.BACKPLANE, value);
        }

        /**
         * {@return this builder, with {@link RealtimeConfig#serviceFactory()} set}
         * @param value returns an instance of the given class
         */
        public Builder serviceFactory(Function<Class<?>, Object> value) {
            return set(Settings.SERVICE_FACTORY, value);
        }
    }
}
