package io.realtime.samples.call;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A signaling message from a call page, for one other member of its room: {@code {"to","call","description"}}
 * carries a session description (an offer or an answer), {@code {"to","call","candidate"}} an ICE candidate. The
 * server reads only {@code to}; the rest travels to that member as it came, in a {@link Relayed}.
 *
 * @param to the peer name of the member it is for
 * @param call the sending page's call id, which changes when that page reloads, or {@code null}
 * @param description an {@code RTCSessionDescription} as JSON, or {@code null}
 * @param candidate an {@code RTCIceCandidate} as JSON, or {@code null}
 */
public record Signal(String to, String call, JsonNode description, JsonNode candidate) {}
