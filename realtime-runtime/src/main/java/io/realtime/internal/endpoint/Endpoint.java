package io.realtime.internal.endpoint;

import io.realtime.Run;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One validated endpoint method, bound to its service instance, with a resolver per parameter. */
public final class Endpoint {

    private final Kind kind;
    private final PathTemplate path;
    private final Method method;
    private final Object target;
    private final Shape shape;
    private final List<Function<Call, Object>> arguments;
    private final boolean requiresPrincipal;
    private final Type messageType;

    Endpoint(
            Kind kind,
            PathTemplate path,
            Method method,
            Object target,
            Shape shape,
            List<Function<Call, Object>> arguments,
            boolean requiresPrincipal,
            Type messageType) {
        this.kind = kind;
        this.path = path;
        this.method = method;
        this.target = target;
        this.shape = shape;
        this.arguments = List.copyOf(arguments);
        this.requiresPrincipal = requiresPrincipal;
        this.messageType = messageType;
    }

    public Kind kind() {
        return kind;
    }

    public PathTemplate path() {
        return path;
    }

    public Shape shape() {
        return shape;
    }

    /** @return whether the method declares a Principal, so unauthenticated requests get 401 */
    public boolean requiresPrincipal() {
        return requiresPrincipal;
    }

    /** @return whether the method returns something, so that a {@code @Duplex} message gets a reply */
    public boolean returnsValue() {
        return method.getReturnType() != void.class;
    }

    /** @return whether the method returns a {@link Run}, which its client may stop */
    public boolean returnsRun() {
        return Run.class.isAssignableFrom(method.getReturnType());
    }

    /** @return the declared type of a {@code @Duplex} message parameter, or {@code null} */
    public Type messageType() {
        return messageType;
    }

    /**
     * Calls the method.
     *
     * @param call what the transport knows
     * @return the method's result
     * @throws Exception whatever the method or an argument resolver threw, unwrapped
     */
    public Object invoke(Call call) throws Exception {
        Object[] values = new Object[arguments.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = arguments.get(i).apply(call);
        }
        try {
            return method.invoke(target, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** @return {@code com.acme.Market.prices(String)}, for messages */
    public String describe() {
        return describe(method);
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName()
                + '.'
                + method.getName()
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public String toString() {
        return kind.display() + '(' + path + ") " + describe();
    }
}
