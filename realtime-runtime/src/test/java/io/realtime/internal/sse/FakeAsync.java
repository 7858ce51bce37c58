package io.realtime.internal.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** An async context around a test's own output stream, for the stream's tests that need no container. */
final class FakeAsync {

    private FakeAsync() {}

    /**
     * @param out what the response's {@code getOutputStream()} returns; every other call does nothing
     * @param completions counts {@code complete()} calls
     */
    static AsyncContext around(ServletOutputStream out, AtomicInteger completions) {
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                FakeAsync.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> method.getName().equals("getOutputStream") ? out : null);
        return (AsyncContext) Proxy.newProxyInstance(
                FakeAsync.class.getClassLoader(), new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("complete")) {
                        completions.incrementAndGet();
                    }
                    return method.getName().equals("getResponse") ? response : null;
                });
    }
}
