/**
 * The conformance suite: the wire behaviour every supported container must show, identically. Each class is one
 * behaviour, written against {@link io.realtime.testing.ContainerServer} and started on whichever container kit
 * the running module puts on the class path ({@code conformance/jetty}, {@code conformance/tomcat-11},
 * {@code conformance/tomcat-10.1}).
 *
 * <p>Identity conformance (per-tab tokens, {@code RealtimeSession} across transports, logout closing
 * connections) belongs here as {@code IdentityConformanceTest} once the runtime has it.
 */
package io.realtime.conformance;
