/**
 * The container-neutral test kit: recorders for every transport, and {@link io.realtime.testing.ContainerServer},
 * the one interface of the embedded servers of {@code realtime-jetty-test} and {@code realtime-tomcat-test}.
 */
package io.realtime.testing;
