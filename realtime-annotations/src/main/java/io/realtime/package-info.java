/**
 * The realtime API: annotate plain methods with {@link io.realtime.Push}, {@link io.realtime.Stream} or
 * {@link io.realtime.Duplex} and the runtime serves them over long-poll, Server-Sent Events or WebSocket,
 * with one identity ({@link io.realtime.RealtimeSession}) and one resumable delivery model
 * ({@link io.realtime.Topic}) across all three.
 */
package io.realtime;
