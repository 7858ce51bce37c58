package io.realtime;

import jakarta.servlet.ServletContext;

/**
 * The topics of one web application. Service classes receive it through their constructor; any other code
 * of the application (a servlet, a JAX-RS resource, a scheduler) finds it with {@link #from(ServletContext)}.
 *
 * <p>Topics come into being on first use and are dropped by the runtime once they have no subscribers and
 * their history has expired. A dropped topic leaves its epoch and newest offset behind (bounded in count and kept
 * for a day; with a shared backplane, in the backplane), so a topic that comes back continues them: a client that
 * had seen everything resumes without {@code reset}, one that missed events gets one. The number of live topics is
 * bounded by configuration.
 */
public interface Topics {

    /**
     * Returns the topic with the given name, creating it on first use. The returned handle stays valid for
     * the life of the application and is cheap to keep in a field.
     *
     * @param name 1 to 256 characters, no control characters
     * @param <T> the type of the event data
     * @return the topic
     * @throws IllegalArgumentException if the name breaks the rules
     */
    <T> Topic<T> get(String name);

    /**
     * Returns the run with the given name: a handle to {@link Run#start() start} it, to return from a method so that
     * the client follows it, or to {@link Run#stop() stop} it. Cheap; nothing is created until the run is started
     * or followed.
     *
     * @param name 1 to 256 characters, no control characters; a name a topic does not use
     * @param <T> the type of the event data
     * @return the run
     * @throws IllegalArgumentException if the name breaks the rules
     */
    <T> Run<T> run(String name);

    /**
     * Returns the topics of the web application that owns {@code context}.
     *
     * @param context the application's servlet context
     * @return the topics
     * @throws IllegalStateException if the realtime runtime has not started in that context
     */
    static Topics from(ServletContext context) {
        Object topics = context.getAttribute(Topics.class.getName());
        if (topics instanceof Topics found) {
            return found;
        }
        throw new IllegalStateException("The realtime runtime is not running in servlet context '"
                + context.getContextPath()
                + "': it starts with the web application when realtime-runtime is in WEB-INF/lib,"
                + " or through io.realtime.runtime.Realtime for embedded servers");
    }
}
