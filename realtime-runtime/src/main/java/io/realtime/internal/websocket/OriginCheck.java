package io.realtime.internal.websocket;

import io.realtime.internal.http.Origins;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The same-origin rule of {@link Origins} for WebSocket handshakes, applied in
 * {@code Configurator.checkOrigin}, which containers call before the upgrade and answer with {@code 403}
 * (Jakarta WebSocket 2.1 §4.1.1). That method receives the {@code Origin} alone, but "same origin" needs the
 * request's {@code Host} too; so this listener keeps the handshake request of the current thread while the
 * container handles it. Servlet containers announce a request to listeners on the thread that then runs the
 * filter chain, where the WebSocket upgrade happens; without that, the check fails closed.
 */
final class OriginCheck implements ServletRequestListener {

    private final Origins origins;
    // One per runtime, not static: two applications in one class loader must not see each other's handshakes.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<HttpServletRequest> handshake = new ThreadLocal<>();

    OriginCheck(Origins origins) {
        this.origins = origins;
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        handshake.remove(); // never judge a handshake by an earlier request of this thread
        if (event.getServletRequest() instanceof HttpServletRequest request
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            handshake.set(request);
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        handshake.remove();
    }

    /**
     * Whether the handshake being handled on this thread may proceed.
     *
     * @param origin the {@code Origin} header, or {@code null}
     */
    boolean allows(String origin) {
        HttpServletRequest request = handshake.get();
        String host = request == null ? null : request.getHeader("Host");
        String fetchSite = request == null ? null : request.getHeader("Sec-Fetch-Site");
        return origins.allows(origin, fetchSite, host);
    }
}
