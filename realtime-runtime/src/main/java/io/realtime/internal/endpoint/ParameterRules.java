package io.realtime.internal.endpoint;

import io.realtime.Connection;
import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.RealtimeSession;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rules of an endpoint method's parameters, each bound to what the runtime injects: {@code @PathParam} values
 * ({@code path-param-unknown}, {@code path-param-type}), the {@code EventSink} of a {@code @Stream}
 * ({@code sink-misplaced}, {@code sink-single}), the {@code Connection} of a {@code @Duplex}
 * ({@code connection-misplaced}, {@code connection-single}), the message of a {@code @Duplex}
 * ({@code message-single}), and nothing else ({@code parameter-unknown}).
 */
final class ParameterRules {

    private ParameterRules() {}

    /** What the parameters of one method declared, for the rules of its return type. */
    static final class Signature {
        final List<Function<Call, Object>> arguments = new ArrayList<>();
        boolean principal;
        int sinks;
        int connections;
        int messages;
        Type messageType;
    }

    /** @return the method's parameters bound to what the runtime injects; problems are reported on the way */
    static Signature bind(Parameter[] parameters, Kind kind, PathTemplate path, Problems.OfMethod report) {
        Signature signature = new Signature();
        for (int i = 0; i < parameters.length; i++) {
            signature.arguments.add(argument(parameters[i], i + 1, kind, path, signature, report));
        }
        return signature;
    }

    private static Function<Call, Object> argument(
            Parameter parameter,
            int position,
            Kind kind,
            PathTemplate path,
            Signature signature,
            Problems.OfMethod report) {
        Class<?> type = parameter.getType();
        PathParam pathParam = parameter.getAnnotation(PathParam.class);
        if (pathParam != null) {
            return pathParameter(pathParam.value(), type, path, report);
        }
        if (type == Principal.class) {
            signature.principal = true;
            return Call::principal;
        }
        if (type == EventSink.class) {
            if (kind != Kind.STREAM) {
                report.add("takes an EventSink, which only @Stream methods accept", "sink-misplaced");
            } else if (++signature.sinks > 1) {
                report.add("takes more than one EventSink", "sink-single");
            }
            return Call::sink;
        }
        if (type == Connection.class) {
            if (kind != Kind.DUPLEX) {
                report.add("takes a Connection, which only @Duplex methods accept", "connection-misplaced");
            } else if (++signature.connections > 1) {
                report.add("takes more than one Connection", "connection-single");
            }
            return Call::connection;
        }
        if (type == RealtimeSession.class) {
            return Call::tab;
        }
        if (kind == Kind.DUPLEX) {
            if (++signature.messages > 1) {
                report.add(
                        "takes more than one message parameter (" + type.getSimpleName()
                                + "); the rest must be injectable: @PathParam values, RealtimeSession, Principal",
                        "message-single");
            }
            signature.messageType = parameter.getParameterizedType();
            return Call::message;
        }
        report.add(
                describe(parameter, position)
                        + " is not injectable; accepted: @PathParam values, RealtimeSession, Principal"
                        + (kind == Kind.STREAM ? ", EventSink<T> (void methods)" : ""),
                "parameter-unknown");
        return call -> null;
    }

    private static Function<Call, Object> pathParameter(
            String name, Class<?> type, PathTemplate path, Problems.OfMethod report) {
        if (!path.variables().contains(name)) {
            report.add(
                    "@PathParam(\"" + name + "\") names no segment of \"" + path + "\"; it has " + path.variables(),
                    "path-param-unknown");
            return call -> null;
        }
        Function<String, Object> converter = PathParams.converter(type);
        if (converter == null) {
            report.add(
                    "@PathParam(\"" + name + "\") has type " + type.getSimpleName()
                            + "; accepted: String, int, long, boolean, their wrappers, UUID, enums",
                    "path-param-type");
            return call -> null;
        }
        return call -> PathParams.convert(name, call.pathParameters().get(name), converter, type);
    }

    // Without javac -parameters, names read arg0, arg1...: the position and type identify the parameter then.
    private static String describe(Parameter parameter, int position) {
        return "parameter " + position + " (" + parameter.getType().getSimpleName()
                + (parameter.isNamePresent() ? " " + parameter.getName() : "") + ")";
    }
}
