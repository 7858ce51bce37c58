/**
 * Runtime entry points: the initializer containers discover, the programmatic {@link
 * io.realtime.runtime.Realtime} entry for embedded servers, and {@link io.realtime.runtime.RealtimeConfig}.
 */
package io.realtime.runtime;
