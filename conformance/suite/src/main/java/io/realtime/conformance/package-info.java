/**
 * The conformance suite: the wire behaviour every supported container must show, identically. Each class is one
 * behaviour, written against {@link io.realtime.testing.ContainerServer} and started on whichever container kit
 * the running module puts on the class path ({@code conformance/jetty}, {@code conformance/tomcat-11},
 * {@code conformance/tomcat-10.1}).
 *
 * <p>Identity: {@code IdentityConformanceTest} (one tab's token and attributes on every transport, the same user),
 * {@code TokenRefusalConformanceTest}, {@code SessionEndConformanceTest} (a logout ends that session's
 * connections within a second), {@code SessionKeepAliveConformanceTest} (a WebSocket or a stream keeps its
 * cookie session alive past its timeout) and {@code DuplicatedTabConformanceTest}, with real logins through each
 * container's own authentication ({@code ServerBuilder.users}).
 */
package io.realtime.conformance;
