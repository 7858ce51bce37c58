package io.realtime.chaos;

/** The faults a run injects, each with what it does, as the report and docs/reliability.md name them. */
enum Fault {
    CLIENT_DROP(3, "clients drop their connections"),
    SLOW_CONSUMERS(3, "clients stop reading for 1 to 8 s"),
    REPLACE(1, "clients leave for good and as many new ones arrive, with new tabs"),
    SERVER_CLOSE(2, "a node closes every connection"),
    REDEPLOY(1, "a node's application is redeployed"),
    NODE_KILL(2, "a node is killed (SIGKILL) and restarted 1 to 3 s later"),
    REDIS_RESTART(1, "Redis is killed and restarted with its data"),
    REDIS_WIPE(1, "Redis is killed and restarted without its data"),
    STORM(1, "both nodes close every connection at once: every client reconnects within 1 s");

    private final int weight;
    private final String description;

    Fault(int weight, String description) {
        this.weight = weight;
        this.description = description;
    }

    /** @return how often it is chosen, relative to the others */
    int weight() {
        return weight;
    }

    String description() {
        return description;
    }
}
