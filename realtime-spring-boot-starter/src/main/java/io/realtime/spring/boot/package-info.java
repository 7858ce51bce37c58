/**
 * Spring Boot auto-configuration for the realtime runtime: the application's beans whose methods carry
 * {@code @Push}, {@code @Stream} or {@code @Duplex} are served on its embedded Tomcat or Jetty. See
 * {@link io.realtime.spring.boot.RealtimeAutoConfiguration}.
 */
package io.realtime.spring.boot;
