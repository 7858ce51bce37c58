package io.realtime.samples.smoke;

import io.realtime.Push;
import jakarta.enterprise.context.RequestScoped;

/** An application {@link CdiOnWildFlyIT} deploys to WildFly and the runtime refuses to start in. */
public final class RefusedCdiApp {

    private RefusedCdiApp() {}

    /** A request-scoped bean: its instances live in a request, and the runtime calls its services outside any. */
    @RequestScoped
    public static class Counter {
        @Push("/count")
        public int count() {
            return 1;
        }
    }
}
