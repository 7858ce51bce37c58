package io.realtime.spring.boot.app;

import io.realtime.Duplex;
import io.realtime.RealtimeSession;
import io.realtime.Stream;
import java.security.Principal;
import java.util.List;
import org.springframework.stereotype.Component;

/** Tells each transport's client who it is: the request's principal, and the tab's user. */
@Component
public class WhoAmI {

    /** Who the runtime says the client is. */
    public record Me(String principal, String user) {}

    /** A question, over WebSocket. */
    public record Ask(String what) {}

    @Stream("/me/stream")
    public List<Me> stream(Principal principal, RealtimeSession tab) {
        return List.of(me(principal, tab));
    }

    @Duplex("/me/socket")
    public Me socket(Ask ask, Principal principal, RealtimeSession tab) {
        return me(principal, tab);
    }

    private static Me me(Principal principal, RealtimeSession tab) {
        return new Me(
                principal == null ? "anonymous" : principal.getName(),
                tab.user().map(Principal::getName).orElse("anonymous"));
    }
}
