/**
 * Service provider interfaces: what a backplane implements to carry topics across nodes.
 */
package io.realtime.spi;
