package io.realtime.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.spi.Backplane;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The runtime's settings. Every setting has a default that suits a single node behind a typical proxy, so
 * most applications never build one. Immutable; build with {@link #builder()}.
 *
 * <p>In a WAR, set them as context parameters named {@code realtime.<setting>} in {@code web.xml}, for
 * example {@code realtime.heartbeat = 15s}; durations take {@code ms}, {@code s}, {@code m} or
 * {@code h} suffixes or ISO-8601. An unknown {@code realtime.*} parameter stops deployment, so a typo does
 * not go unnoticed.
 */
public final class RealtimeConfig {

    private static final RealtimeConfig DEFAULTS = new Builder().build();

    private final int historyMaxEvents;
    private final Duration historyMaxAge;
    private final int maxTopics;
    private final Duration heartbeat;
    private final Duration sseRetry;
    private final int outboundQueue;
    private final Duration stallTimeout;
    private final int maxMessageSize;
    private final int inboundQueue;
    private final Duration idleTimeout;
    private final Set<String> allowedOrigins;
    private final int workerThreads;
    private final Duration pollTimeout;
    private final int pollMaxEvents;
    private final int pollMaxBytes;
    private final int maxPollsPerSession;
    private final int maxPollsPerAddress;
    private final List<TokenKey> tokenKeys;
    private final Duration tokenLifetime;
    private final int maxTabs;
    private final int maxTabAttributes;
    private final Duration tabIdleTimeout;
    private final ObjectMapper objectMapper;
    private final Backplane backplane;
    private final Function<Class<?>, Object> serviceFactory;

    private RealtimeConfig(Builder b) {
        this.historyMaxEvents = b.historyMaxEvents;
        this.historyMaxAge = b.historyMaxAge;
        this.maxTopics = b.maxTopics;
        this.heartbeat = b.heartbeat;
        this.sseRetry = b.sseRetry;
        this.outboundQueue = b.outboundQueue;
        this.stallTimeout = b.stallTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.inboundQueue = b.inboundQueue;
        this.idleTimeout = b.idleTimeout;
        this.allowedOrigins = Set.copyOf(b.allowedOrigins);
        this.workerThreads = b.workerThreads;
        this.pollTimeout = b.pollTimeout;
        this.pollMaxEvents = b.pollMaxEvents;
        this.pollMaxBytes = b.pollMaxBytes;
        this.maxPollsPerSession = b.maxPollsPerSession;
        this.maxPollsPerAddress = b.maxPollsPerAddress;
        this.tokenKeys = List.copyOf(b.tokenKeys);
        this.tokenLifetime = b.tokenLifetime;
        this.maxTabs = b.maxTabs;
        this.maxTabAttributes = b.maxTabAttributes;
        this.tabIdleTimeout = b.tabIdleTimeout;
        this.objectMapper = b.objectMapper;
        this.backplane = b.backplane;
        this.serviceFactory = b.serviceFactory;
    }

    /**
     * The default settings.
     *
     * @return the defaults
     */
    public static RealtimeConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads settings from {@code realtime.*} parameters on top of these settings.
     *
     * @param parameters the parameter names present
     * @param value looks up a parameter's value
     * @return the combined settings
     * @throws IllegalArgumentException naming the parameter, if a name is unknown or a value invalid
     */
    public RealtimeConfig withParameters(Iterable<String> parameters, Function<String, String> value) {
        Builder builder = toBuilder();
        for (String name : parameters) {
            if (!name.startsWith(Builder.PREFIX)) {
                continue;
            }
            BiConsumer<Builder, String> setter = Builder.PARAMETERS.get(name.substring(Builder.PREFIX.length()));
            if (setter == null) {
                throw new IllegalArgumentException("Unknown context parameter '" + name + "'; known: "
                        + Builder.PARAMETERS.keySet().stream()
                                .map(k -> Builder.PREFIX + k)
                                .toList());
            }
            try {
                setter.accept(builder, value.apply(name).trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Context parameter '" + name + "' is invalid: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    /**
     * How many recent events each topic retains for resuming clients. Default 1000.
     *
     * @return the maximum number of retained events per topic
     */
    public int historyMaxEvents() {
        return historyMaxEvents;
    }

    /**
     * How long a topic retains an event for resuming clients. Default 10 minutes.
     *
     * @return the maximum age of a retained event
     */
    public Duration historyMaxAge() {
        return historyMaxAge;
    }

    /**
     * How many topics may exist at once; {@code Topics.get} of a new name beyond it fails. Default 100,000.
     *
     * @return the maximum number of live topics
     */
    public int maxTopics() {
        return maxTopics;
    }

    /**
     * How long a stream may stay silent before the runtime sends a heartbeat (an SSE comment, a WebSocket
     * ping), which keeps proxies from closing it and reveals clients that have gone. Default 15 seconds.
     *
     * @return the heartbeat interval
     */
    public Duration heartbeat() {
        return heartbeat;
    }

    /**
     * The reconnection delay sent to Server-Sent Events clients ({@code retry:}). Default 2 seconds.
     *
     * @return the retry delay
     */
    public Duration sseRetry() {
        return sseRetry;
    }

    /**
     * How many events addressed to one connection alone (sink sends, per-client streams, replies) may wait to
     * be written; a connection whose queue overflows is closed. Topic events do not count: a connection reads
     * them from the topic's history. Default 1024.
     *
     * @return the per-connection queue capacity
     */
    public int outboundQueue() {
        return outboundQueue;
    }

    /**
     * How long a connection may have data waiting that the client does not read before it is closed as a slow
     * consumer; it can come back and resume from history. Default 30 seconds.
     *
     * @return the stall timeout
     */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /**
     * The largest message a client may send to a {@code @Duplex} endpoint, in bytes (UTF-8 for text): a larger
     * WebSocket message closes the connection with {@code 1009}, a larger {@code POST} answers {@code 413}. The
     * same on every container. Default 65,536.
     *
     * @return the maximum inbound message size in bytes
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * How many messages from one {@code @Duplex} connection may wait to be handled, counting one being handled
     * and replies still awaiting a {@code CompletionStage}; a message beyond it is answered with an
     * {@code overloaded} error and not handled. Default 32.
     *
     * @return the per-connection inbound backlog
     */
    public int inboundQueue() {
        return inboundQueue;
    }

    /**
     * How long a WebSocket client may stay silent, sending neither messages nor answers to the server's pings,
     * before the connection is closed ({@code 1001}; the client reconnects and resumes). Browsers answer pings
     * by themselves, so only clients that have gone are closed. Also given to the container as the session's
     * idle timeout, so that Jetty and Tomcat behave the same. Default 60 seconds.
     *
     * @return the idle timeout
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Origins allowed besides the application's own, such as {@code https://app.example.com}. Empty by
     * default: same-origin only. A value of {@code *} allows every origin, which is never the right choice
     * for endpoints that use cookies.
     *
     * @return the extra allowed origins
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * How many platform threads run application methods on Java 17 to 20; on Java 21 and later they run on
     * virtual threads and this is ignored. Default 64.
     *
     * @return the worker thread count
     */
    public int workerThreads() {
        return workerThreads;
    }

    /**
     * The longest a long-poll request is held waiting for an event before it is answered {@code 204}: the
     * hold of requests that do not ask for one, and the most a request's {@code timeout} parameter gets.
     * Keep it below the read timeouts of the proxies in front of the application. Default 25 seconds.
     *
     * @return the longest hold
     */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /**
     * How many events one long-poll answer carries at most; the client asks again for the rest. Default 100.
     *
     * @return the maximum number of events per answer
     */
    public int pollMaxEvents() {
        return pollMaxEvents;
    }

    /**
     * How many bytes of events one long-poll answer carries at most; an answer always carries at least one
     * event, however large. Default 64 KiB.
     *
     * @return the maximum size of an answer's events
     */
    public int pollMaxBytes() {
        return pollMaxBytes;
    }

    /**
     * How many long-poll requests (and long-poll sessions of per-client streams) one HTTP session may have
     * in progress at once; beyond it requests are answered {@code 429} with {@code Retry-After}. Default 16.
     *
     * @return the limit per HTTP session
     */
    public int maxPollsPerSession() {
        return maxPollsPerSession;
    }

    /**
     * How many long-poll requests (and long-poll sessions of per-client streams) one client address may have
     * in progress at once; beyond it requests are answered {@code 429} with {@code Retry-After}. The address is
     * the one the container reports, so behind a proxy enable the container's forwarded-header support.
     * Default 1000.
     *
     * @return the limit per client address
     */
    public int maxPollsPerAddress() {
        return maxPollsPerAddress;
    }

    /**
     * The keys of tab tokens: the first signs new tokens, every one verifies, so that a key can be rotated by
     * putting a new one first and keeping the old one for as long as its tokens live ({@link #tokenLifetime()}).
     * Empty by default: each runtime then signs with a random key of its own, which suits one node. Several nodes
     * serving one application must be given the same keys, or a token issued by one is refused by the others.
     * The {@code realtime.tokenKeys} context parameter takes {@code <id>:<base64 secret>} entries separated by
     * commas; keep it out of the WAR, in the container's own configuration of the context.
     *
     * @return the keys, the signing key first
     */
    public List<TokenKey> tokenKeys() {
        return tokenKeys;
    }

    /**
     * How long a tab token is accepted after it is issued. A client negotiating with a token still accepted gets
     * a fresh one for the same tab; a client holding an expired one is refused and negotiates a new tab. Default
     * 24 hours.
     *
     * @return the token lifetime
     */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /**
     * How many tabs the runtime keeps state for at once (their {@code RealtimeSession.attributes()}). A
     * connection or request of a tab beyond it is refused with {@code 503 too_many_tabs} (WebSocket: close
     * {@code 1013}) until idle tabs expire; tabs already known are not affected. Default 100,000.
     *
     * @return the maximum number of tabs
     */
    public int maxTabs() {
        return maxTabs;
    }

    /**
     * How many attributes one tab's {@code RealtimeSession.attributes()} may hold; adding one more throws
     * {@code IllegalStateException}. Default 64.
     *
     * @return the maximum number of attributes per tab
     */
    public int maxTabAttributes() {
        return maxTabAttributes;
    }

    /**
     * How long a tab's state is kept once it has no connection and no request in progress; after it the
     * attributes are gone (the tab id stays that of its token). Default 30 minutes.
     *
     * @return the idle time after which a tab's state expires
     */
    public Duration tabIdleTimeout() {
        return tabIdleTimeout;
    }

    /**
     * The Jackson mapper used for every event and message; by default a plain {@code new ObjectMapper()}.
     *
     * @return the mapper
     */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /**
     * The backplane that orders and stores events; by default the in-memory one, for a single node.
     *
     * @return the backplane, or empty for the in-memory default
     */
    public Optional<Backplane> backplane() {
        return Optional.ofNullable(backplane);
    }

    /**
     * Creates service instances for endpoint classes given as classes; by default the runtime calls a public
     * constructor whose parameters are {@code io.realtime.Topics} and/or the application's
     * {@code jakarta.servlet.ServletContext} (each at most once, in any order), or one without parameters; where
     * the platform has CDI (Jakarta EE platforms such as WildFly), a class that is an {@code @ApplicationScoped},
     * {@code @Singleton} or {@code @Dependent} bean comes from the application's CDI container instead, and
     * {@code Topics} is a bean there too. Set it to take instances from another dependency injection container
     * (Spring); it then replaces both.
     *
     * @return the factory, or empty for the default
     */
    public Optional<Function<Class<?>, Object>> serviceFactory() {
        return Optional.ofNullable(serviceFactory);
    }

    /** Builds a {@link RealtimeConfig}. Not thread-safe. */
    public static final class Builder {

        static final String PREFIX = "realtime.";

        static final Map<String, BiConsumer<Builder, String>> PARAMETERS = parameters();

        private int historyMaxEvents = 1000;
        private Duration historyMaxAge = Duration.ofMinutes(10);
        private int maxTopics = 100_000;
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration sseRetry = Duration.ofSeconds(2);
        private int outboundQueue = 1024;
        private Duration stallTimeout = Duration.ofSeconds(30);
        private int maxMessageSize = 65_536;
        private int inboundQueue = 32;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Set<String> allowedOrigins = Set.of();
        private int workerThreads = 64;
        private Duration pollTimeout = Duration.ofSeconds(25);
        private int pollMaxEvents = 100;
        private int pollMaxBytes = 64 * 1024;
        private int maxPollsPerSession = 16;
        private int maxPollsPerAddress = 1000;
        private List<TokenKey> tokenKeys = List.of();
        private Duration tokenLifetime = Duration.ofHours(24);
        private int maxTabs = 100_000;
        private int maxTabAttributes = 64;
        private Duration tabIdleTimeout = Duration.ofMinutes(30);
        private ObjectMapper objectMapper = new ObjectMapper();
        private Backplane backplane;
        private Function<Class<?>, Object> serviceFactory;

        private Builder() {}

        private Builder(RealtimeConfig c) {
            historyMaxEvents = c.historyMaxEvents;
            historyMaxAge = c.historyMaxAge;
            maxTopics = c.maxTopics;
            heartbeat = c.heartbeat;
            sseRetry = c.sseRetry;
            outboundQueue = c.outboundQueue;
            stallTimeout = c.stallTimeout;
            maxMessageSize = c.maxMessageSize;
            inboundQueue = c.inboundQueue;
            idleTimeout = c.idleTimeout;
            allowedOrigins = c.allowedOrigins;
            workerThreads = c.workerThreads;
            pollTimeout = c.pollTimeout;
            pollMaxEvents = c.pollMaxEvents;
            pollMaxBytes = c.pollMaxBytes;
            maxPollsPerSession = c.maxPollsPerSession;
            maxPollsPerAddress = c.maxPollsPerAddress;
            tokenKeys = c.tokenKeys;
            tokenLifetime = c.tokenLifetime;
            maxTabs = c.maxTabs;
            maxTabAttributes = c.maxTabAttributes;
            tabIdleTimeout = c.tabIdleTimeout;
            objectMapper = c.objectMapper;
            backplane = c.backplane;
            serviceFactory = c.serviceFactory;
        }

        private static Map<String, BiConsumer<Builder, String>> parameters() {
            Map<String, BiConsumer<Builder, String>> p = new LinkedHashMap<>();
            p.put("historyMaxEvents", (b, v) -> b.historyMaxEvents(Integer.parseInt(v)));
            p.put("historyMaxAge", (b, v) -> b.historyMaxAge(duration(v)));
            p.put("maxTopics", (b, v) -> b.maxTopics(Integer.parseInt(v)));
            p.put("heartbeat", (b, v) -> b.heartbeat(duration(v)));
            p.put("sseRetry", (b, v) -> b.sseRetry(duration(v)));
            p.put("outboundQueue", (b, v) -> b.outboundQueue(Integer.parseInt(v)));
            p.put("stallTimeout", (b, v) -> b.stallTimeout(duration(v)));
            p.put("maxMessageSize", (b, v) -> b.maxMessageSize(Integer.parseInt(v)));
            p.put("inboundQueue", (b, v) -> b.inboundQueue(Integer.parseInt(v)));
            p.put("idleTimeout", (b, v) -> b.idleTimeout(duration(v)));
            p.put("allowedOrigins", (b, v) -> b.allowedOrigins(v.isEmpty() ? Set.of() : Set.of(v.split("\\s*,\\s*"))));
            p.put("workerThreads", (b, v) -> b.workerThreads(Integer.parseInt(v)));
            p.put("pollTimeout", (b, v) -> b.pollTimeout(duration(v)));
            p.put("pollMaxEvents", (b, v) -> b.pollMaxEvents(Integer.parseInt(v)));
            p.put("pollMaxBytes", (b, v) -> b.pollMaxBytes(Integer.parseInt(v)));
            p.put("maxPollsPerSession", (b, v) -> b.maxPollsPerSession(Integer.parseInt(v)));
            p.put("maxPollsPerAddress", (b, v) -> b.maxPollsPerAddress(Integer.parseInt(v)));
            p.put(
                    "tokenKeys",
                    (b, v) -> b.tokenKeys(
                            v.isEmpty()
                                    ? List.of()
                                    : Stream.of(v.split("\\s*,\\s*"))
                                            .map(TokenKey::parse)
                                            .toList()));
            p.put("tokenLifetime", (b, v) -> b.tokenLifetime(duration(v)));
            p.put("maxTabs", (b, v) -> b.maxTabs(Integer.parseInt(v)));
            p.put("maxTabAttributes", (b, v) -> b.maxTabAttributes(Integer.parseInt(v)));
            p.put("tabIdleTimeout", (b, v) -> b.tabIdleTimeout(duration(v)));
            return Map.copyOf(p);
        }

        /**
         * Sets {@link RealtimeConfig#historyMaxEvents()}.
         *
         * @param value 1 to 1,000,000
         * @return this builder
         */
        public Builder historyMaxEvents(int value) {
            historyMaxEvents = range("historyMaxEvents", value, 1, 1_000_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#historyMaxAge()}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder historyMaxAge(Duration value) {
            historyMaxAge = positive("historyMaxAge", value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#maxTopics()}.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxTopics(int value) {
            maxTopics = range("maxTopics", value, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#heartbeat()}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder heartbeat(Duration value) {
            heartbeat = positive("heartbeat", value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#sseRetry()}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder sseRetry(Duration value) {
            sseRetry = positive("sseRetry", value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#outboundQueue()}.
         *
         * @param value 1 to 1,000,000
         * @return this builder
         */
        public Builder outboundQueue(int value) {
            outboundQueue = range("outboundQueue", value, 1, 1_000_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#stallTimeout()}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder stallTimeout(Duration value) {
            stallTimeout = positive("stallTimeout", value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#maxMessageSize()}.
         *
         * @param value 1 to 16,777,216 bytes
         * @return this builder
         */
        public Builder maxMessageSize(int value) {
            maxMessageSize = range("maxMessageSize", value, 1, 16 << 20);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#inboundQueue()}.
         *
         * @param value 1 to 10,000
         * @return this builder
         */
        public Builder inboundQueue(int value) {
            inboundQueue = range("inboundQueue", value, 1, 10_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#idleTimeout()}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            idleTimeout = positive("idleTimeout", value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#allowedOrigins()}.
         *
         * @param value origins such as {@code https://app.example.com}
         * @return this builder
         */
        public Builder allowedOrigins(Set<String> value) {
            Set<String> normalised = new java.util.LinkedHashSet<>();
            for (String origin : value) {
                String o = origin.trim().toLowerCase(Locale.ROOT);
                if (!o.equals("*") && !o.matches("https?://[^/?#\\s]+")) {
                    throw new IllegalArgumentException(
                            "allowedOrigins: '" + origin + "' is not an origin such as https://app.example.com");
                }
                normalised.add(o);
            }
            allowedOrigins = Set.copyOf(normalised);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#workerThreads()}.
         *
         * @param value 1 to 10,000
         * @return this builder
         */
        public Builder workerThreads(int value) {
            workerThreads = range("workerThreads", value, 1, 10_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#pollTimeout()}.
         *
         * @param value positive, at most 10 minutes
         * @return this builder
         */
        public Builder pollTimeout(Duration value) {
            pollTimeout = positive("pollTimeout", value);
            if (value.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("pollTimeout must be at most 10 minutes, was " + value);
            }
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#pollMaxEvents()}.
         *
         * @param value 1 to 10,000
         * @return this builder
         */
        public Builder pollMaxEvents(int value) {
            pollMaxEvents = range("pollMaxEvents", value, 1, 10_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#pollMaxBytes()}.
         *
         * @param value 1 KiB to 16 MiB
         * @return this builder
         */
        public Builder pollMaxBytes(int value) {
            pollMaxBytes = range("pollMaxBytes", value, 1024, 16 << 20);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#maxPollsPerSession()}.
         *
         * @param value 1 to 1,000,000
         * @return this builder
         */
        public Builder maxPollsPerSession(int value) {
            maxPollsPerSession = range("maxPollsPerSession", value, 1, 1_000_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#maxPollsPerAddress()}.
         *
         * @param value 1 to 1,000,000
         * @return this builder
         */
        public Builder maxPollsPerAddress(int value) {
            maxPollsPerAddress = range("maxPollsPerAddress", value, 1, 1_000_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#tokenKeys()}.
         *
         * @param value the keys, the signing key first, with distinct ids; empty for a random key per start
         * @return this builder
         */
        public Builder tokenKeys(List<TokenKey> value) {
            Set<String> ids = new java.util.HashSet<>();
            for (TokenKey key : value) {
                if (!ids.add(key.id())) {
                    throw new IllegalArgumentException("tokenKeys: two keys have the id '" + key.id() + "'");
                }
            }
            tokenKeys = List.copyOf(value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#tokenLifetime()}.
         *
         * @param value positive, at most 365 days
         * @return this builder
         */
        public Builder tokenLifetime(Duration value) {
            tokenLifetime = positive("tokenLifetime", value);
            if (value.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("tokenLifetime must be at most 365 days, was " + value);
            }
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#maxTabs()}.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxTabs(int value) {
            maxTabs = range("maxTabs", value, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#maxTabAttributes()}.
         *
         * @param value 1 to 10,000
         * @return this builder
         */
        public Builder maxTabAttributes(int value) {
            maxTabAttributes = range("maxTabAttributes", value, 1, 10_000);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#tabIdleTimeout()}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder tabIdleTimeout(Duration value) {
            tabIdleTimeout = positive("tabIdleTimeout", value);
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#objectMapper()}.
         *
         * @param value the mapper; it must not be reconfigured afterwards
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper value) {
            objectMapper = Objects.requireNonNull(value, "objectMapper");
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#backplane()}. The runtime closes it when the application stops.
         *
         * @param value the backplane
         * @return this builder
         */
        public Builder backplane(Backplane value) {
            backplane = Objects.requireNonNull(value, "backplane");
            return this;
        }

        /**
         * Sets {@link RealtimeConfig#serviceFactory()}.
         *
         * @param value returns an instance of the given class
         * @return this builder
         */
        public Builder serviceFactory(Function<Class<?>, Object> value) {
            serviceFactory = Objects.requireNonNull(value, "serviceFactory");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public RealtimeConfig build() {
            return new RealtimeConfig(this);
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", was " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        static Duration duration(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.startsWith("p")) {
                    return Duration.parse(t.toUpperCase(Locale.ROOT));
                }
                if (t.endsWith("ms")) {
                    return Duration.ofMillis(
                            Long.parseLong(t.substring(0, t.length() - 2).trim()));
                }
                if (!t.isEmpty()) {
                    long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
                    switch (t.charAt(t.length() - 1)) {
                        case 's':
                            return Duration.ofSeconds(amount);
                        case 'm':
                            return Duration.ofMinutes(amount);
                        case 'h':
                            return Duration.ofHours(amount);
                        default:
                            break;
                    }
                }
            } catch (RuntimeException malformed) {
                // NumberFormatException, DateTimeParseException: answered below in the user's terms
            }
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 15s, 10m or PT15S");
        }
    }
}
