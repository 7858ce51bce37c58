package io.realtime.samples.call;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@link Signal} as it reaches the member it was addressed to, as event {@code signal}, without a cursor: what
 * the sender wrote, and who sent it, as the server knows it.
 *
 * @param from the sender's peer name
 * @param call the sending page's call id, or {@code null}
 * @param description the session description, or {@code null}
 * @param candidate the ICE candidate, or {@code null}
 */
public record Relayed(String from, String call, JsonNode description, JsonNode candidate) {}
