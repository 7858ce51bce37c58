package io.realtime.chaos;

import java.net.URI;
import java.util.List;

/**
 * What the clients of a run share.
 *
 * @param clients the HTTP clients, threads and scheduler
 * @param acks what the publisher was told
 * @param tally the run's totals
 * @param nodes the nodes' root URIs, the same across their restarts
 * @param history how many events the servers retain per topic
 */
record Crowd(Clients clients, Acks acks, Tally tally, List<URI> nodes, int history) {}
