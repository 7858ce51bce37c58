package io.realtime.runtime;

import io.realtime.Run;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.internal.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Topics made before their runtime ({@link Realtime#topics}), for a dependency injection container that creates
 * the services and hands them the topics first. The runtime that starts with them takes them over: it checks that
 * the settings behind them are its own, evicts their idle topics from then on, and closes them when it stops.
 */
final class PreparedTopics implements Topics {

    private final RealtimeConfig config;
    private final TopicRegistry registry;
    private final AtomicBoolean taken = new AtomicBoolean();

    PreparedTopics(RealtimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = RealtimeRuntime.newTopics(config);
    }

    @Override
    public <T> Topic<T> get(String name) {
        return registry.get(name);
    }

    @Override
    public <T> Run<T> run(String name) {
        return registry.run(name);
    }

    /**
     * Hands the topics to the runtime starting with {@code effective} settings (the configuration with the
     * context's {@code realtime.*} parameters on top).
     *
     * @throws DeploymentException if another runtime took them, or a setting the topics were made with differs
     */
    TopicRegistry takeOver(RealtimeConfig effective) {
        List<String> problems = new ArrayList<>();
        differ(problems, "historyMaxEvents", config.historyMaxEvents(), effective.historyMaxEvents());
        differ(problems, "historyMaxAge", config.historyMaxAge(), effective.historyMaxAge());
        differ(problems, "maxTopics", config.maxTopics(), effective.maxTopics());
        differ(problems, "runMaxEvents", config.runMaxEvents(), effective.runMaxEvents());
        differ(problems, "runMaxAge", config.runMaxAge(), effective.runMaxAge());
        if (config.objectMapper() != effective.objectMapper()) {
            problems.add("The topics were made with another objectMapper than the runtime's [rule: prepared-topics]");
        }
        if (config.backplane().orElse(null) != effective.backplane().orElse(null)) {
            problems.add("The topics were made with another backplane than the runtime's [rule: prepared-topics]");
        }
        if (!problems.isEmpty()) {
            throw new DeploymentException(problems);
        }
        if (!taken.compareAndSet(false, true)) {
            throw new DeploymentException(List.of("These topics already served a runtime, which closed them when it"
                    + " stopped; make new ones with Realtime.topics(config) for each start [rule: prepared-topics]"));
        }
        return registry;
    }

    private static void differ(List<String> problems, String setting, Object made, Object effective) {
        if (!made.equals(effective)) {
            problems.add("The topics were made with " + setting + " " + made + ", but the runtime starts with "
                    + effective + " (a realtime." + setting + " context parameter?): make them with the settings the"
                    + " runtime uses [rule: prepared-topics]");
        }
    }
}
