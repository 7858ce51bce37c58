package io.realtime.spring.boot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.realtime.Topics;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.spi.Backplane;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Serves the application's {@code @Push}, {@code @Stream} and {@code @Duplex} endpoints on its embedded Tomcat
 * or Jetty. The beans whose methods carry those annotations are the services: Spring creates them, with
 * constructor injection of {@link Topics} (a bean that works before the runtime starts) and of any other bean.
 *
 * <p>Beans it defines:
 * <ul>
 *   <li>{@link RealtimeConfig}, unless the application defines one: the runtime's defaults, then the
 *       application's Jackson 2 {@code ObjectMapper} (Boot 3's, or Boot 4's with {@code spring-boot-jackson2};
 *       without one, a mapper with every Jackson 2 module on the class path, {@code java.time} and
 *       {@code Optional} among them, that writes dates as ISO-8601 text and ignores unknown properties, as Boot
 *       3's does), its {@link Backplane} bean if it has exactly one, the {@code realtime.*} properties, and last
 *       every {@link RealtimeConfigCustomizer}.
 *   <li>{@link Topics}, the application's topics, for any bean to publish to.
 *   <li>With Micrometer on the class path (Actuator brings it) and one {@code MeterRegistry} bean: the runtime's
 *       {@code realtime.*} meters (docs/observability.md), bound to that registry once the server has started the
 *       runtime.
 *   <li>With Actuator on the class path (Boot 3's {@code spring-boot-actuator} or Boot 4's
 *       {@code spring-boot-health}): the health indicator {@code realtime}, {@code UP} when the runtime is ready,
 *       {@code DOWN} when its backplane cannot be reached, {@code OUT_OF_SERVICE} while it drains
 *       (docs/observability.md, "Health").
 *   <li>A starter that starts the runtime with the embedded server's servlet context, and stops it (goodbyes to
 *       every client) before Boot's graceful shutdown waits for the requests in progress.
 * </ul>
 *
 * <p>The runtime serves {@code realtime.js} from its jar's {@code META-INF/resources}, which Spring MVC serves as
 * static content at {@code /realtime/realtime.js}. Applies to servlet web applications only.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration", // Boot 3
            "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration" // Boot 4, spring-boot-jackson2
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RealtimeAutoConfiguration {

    /** Created by Spring. */
    public RealtimeAutoConfiguration() {}

    /**
     * The runtime's settings.
     *
     * @param environment where the {@code realtime.*} properties come from
     * @param mappers the application's Jackson mapper, if it has one
     * @param backplanes the application's backplane, if it has one
     * @param customizers the application's last words on the settings
     * @return the settings
     * @throws IllegalStateException naming the property, if a {@code realtime.*} property is unknown or invalid
     */
    @Bean
    @ConditionalOnMissingBean
    public RealtimeConfig realtimeConfig(
            Environment environment,
            ObjectProvider<ObjectMapper> mappers,
            ObjectProvider<Backplane> backplanes,
            ObjectProvider<RealtimeConfigCustomizer> customizers) {
        RealtimeConfig.Builder builder =
                RealtimeConfig.builder().objectMapper(mappers.getIfUnique(RealtimeAutoConfiguration::mapper));
        Backplane backplane = backplanes.getIfUnique();
        if (backplane != null) {
            builder.backplane(backplane);
        }
        RealtimeConfig.Builder configured = SpringSettings.apply(builder.build(), environment).toBuilder();
        customizers.orderedStream().forEach(customizer -> customizer.customize(configured));
        return configured.build();
    }

    /**
     * The application's topics, usable before the runtime starts: publish to them from any bean.
     *
     * @param config the runtime's settings
     * @return the topics
     */
    @Bean
    public Topics realtimeTopics(RealtimeConfig config) {
        return Realtime.topics(config);
    }

    // Boot 4 makes a Jackson 3 mapper, which the runtime (on Jackson 2) cannot use: then this one, which behaves as
    // Boot 3's does (its modules, ISO-8601 dates, unknown properties ignored), so an application sees no difference.
    private static ObjectMapper mapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Only with Micrometer on the class path: nothing of it is loaded otherwise. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {

        @Bean
        RealtimeMeterBinding realtimeMeterBinding(ObjectProvider<MeterRegistry> registries, RealtimeStarter starter) {
            return new RealtimeMeterBinding(registries, starter);
        }
    }

    /** Only with Boot 3's Actuator on the class path, unless turned off: its {@code HealthIndicator}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @Conditional(HealthIndicatorEnabled.class) // management.health.realtime.enabled
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "realtimeHealthIndicator")
        Boot3HealthIndicator realtimeHealthIndicator(RealtimeStarter starter) {
            return new Boot3HealthIndicator(starter);
        }
    }

    /** Only with Boot 4's {@code spring-boot-health} on the class path, unless turned off: its {@code HealthIndicator}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @Conditional(HealthIndicatorEnabled.class) // management.health.realtime.enabled
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "realtimeHealthIndicator")
        Boot4HealthIndicator realtimeHealthIndicator(RealtimeStarter starter) {
            return new Boot4HealthIndicator(starter);
        }
    }

    @Bean
    RealtimeStarter realtimeStarter(ConfigurableListableBeanFactory beans, RealtimeConfig config, Topics topics) {
        return new RealtimeStarter(beans, config, topics);
    }
}
