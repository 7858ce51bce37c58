package io.realtime.spring.boot;

import io.realtime.runtime.RealtimeConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The runtime's settings from Spring's environment: {@code realtime.<setting in kebab case>}, such as
 * {@code realtime.history-max-events}, from {@code application.properties}, YAML, system properties or the
 * environment ({@code REALTIME_HISTORYMAXEVENTS}), with Spring's relaxed names. Each value is read by the runtime
 * itself, as its {@code realtime.*} context parameter would be, so formats, limits and messages are the same.
 *
 * <p>An unknown {@code realtime.*} property of the application's own configuration (its properties and YAML files,
 * command-line arguments) stops it, as an unknown context parameter stops a WAR, so that a typo does not go
 * unnoticed; the environment variables and the JVM's system properties are left out of that check, since the
 * application does not choose all of them.
 */
final class SpringSettings {

    static final String PREFIX = "realtime";

    // The kinds of value a context parameter can give; the other settings (mapper, backplane) are objects.
    private static final Set<Class<?>> TEXTUAL =
            Set.of(int.class, boolean.class, Duration.class, Set.class, List.class);

    private SpringSettings() {}

    /**
     * The settings a property may set, as the runtime's context parameters name them ({@code historyMaxEvents}):
     * the accessors of {@link RealtimeConfig} whose values are numbers, flags, durations or lists.
     */
    static List<String> names() {
        return Arrays.stream(RealtimeConfig.class.getMethods())
                .filter(method -> method.getDeclaringClass() == RealtimeConfig.class
                        && method.getParameterCount() == 0
                        && !Modifier.isStatic(method.getModifiers())
                        && TEXTUAL.contains(method.getReturnType()))
                .map(Method::getName)
                .sorted()
                .toList();
    }

    /** {@code historyMaxEvents} → {@code realtime.history-max-events}. */
    static String property(String setting) {
        return PREFIX + "." + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /**
     * Applies the environment's {@code realtime.*} properties on top of {@code base}.
     *
     * @throws IllegalStateException naming the property and where it was set, if it is unknown or its value
     *     invalid
     */
    static RealtimeConfig apply(RealtimeConfig base, Environment environment) {
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
        List<String> names = names();
        rejectUnknown(sources, names);
        Binder binder = new Binder(sources);
        RealtimeConfig config = base;
        for (String setting : names) {
            String property = property(setting);
            List<String> values =
                    binder.bind(property, Bindable.listOf(String.class)).orElse(null);
            if (values == null) {
                continue;
            }
            String value = String.join(",", values);
            try {
                config = config.withParameters(List.of(PREFIX + "." + setting), name -> value);
            } catch (IllegalArgumentException e) {
                String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                throw new IllegalStateException(
                        "Property '" + property + "'" + origin(sources, ConfigurationPropertyName.of(property))
                                + " is invalid: " + reason,
                        e);
            }
        }
        return config;
    }

    private static void rejectUnknown(Iterable<ConfigurationPropertySource> sources, List<String> names) {
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
        Map<String, String> known = names.stream()
                .collect(Collectors.toMap(name -> name.toLowerCase(Locale.ROOT), SpringSettings::property));
        Set<String> unknown = new TreeSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || fromOutside(source)) {
                continue;
            }
            iterable.stream()
                    .filter(prefix::isAncestorOf)
                    .filter(name ->
                            !known.containsKey(uniform(name.getElement(1, ConfigurationPropertyName.Form.UNIFORM))))
                    .forEach(name -> unknown.add("'" + name + "'" + origin(List.of(source), name)));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Unknown propert" + (unknown.size() == 1 ? "y " : "ies ")
                    + String.join(", ", unknown) + "; the realtime.* properties are "
                    + String.join(", ", new TreeSet<>(known.values())));
        }
    }

    // UNIFORM drops the dashes of a kebab-case name and lowercases it; camelCase names arrive lowercased as well.
    private static String uniform(String element) {
        return element.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static boolean fromOutside(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> underlying
                && (StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(underlying.getName())
                        || StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(underlying.getName()));
    }

    /** Where a property was set, as " (class path resource [application.properties] - 3:24)", or nothing. */
    private static String origin(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found.getOrigin() == null ? "" : " (" + found.getOrigin() + ")";
            }
        }
        return "";
    }
}
