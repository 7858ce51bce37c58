package io.realtime.internal.endpoint;

import io.realtime.Run;
import io.realtime.Topic;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The rules of what an endpoint method returns, given its parameters, which decide its {@link Shape}: the
 * accepted return types per kind ({@code return-type}), void beside an {@code EventSink} ({@code sink-void}), a
 * {@code @Duplex} method's role as a connection or a message method ({@code duplex-role}), and no reply to a raw
 * message ({@code raw-message-void}). The annotations' Javadoc lists the same signatures for users.
 */
final class ReturnTypeRules {

    private ReturnTypeRules() {}

    /** @return the shape, or {@code null} after reporting why the signature has none */
    static Shape shape(Class<?> returns, Kind kind, ParameterRules.Signature signature, Problems.OfMethod report) {
        return switch (kind) {
            case STREAM -> stream(returns, signature, report);
            case PUSH -> push(returns, report);
            case DUPLEX -> duplex(returns, signature, report);
        };
    }

    private static Shape stream(Class<?> returns, ParameterRules.Signature signature, Problems.OfMethod report) {
        if (signature.sinks > 0 && returns != void.class) {
            report.add(
                    "takes an EventSink, so it must return void; it returns " + returns.getSimpleName(), "sink-void");
            return null;
        }
        if (returns == void.class) {
            if (signature.sinks == 0) {
                report.add("returns void, so it needs an EventSink<T> parameter to send with", "return-type");
                return null;
            }
            return Shape.SINK;
        }
        if (followable(returns)) {
            return Shape.TOPIC;
        }
        if (Flow.Publisher.class.isAssignableFrom(returns)) {
            return Shape.PUBLISHER;
        }
        if (java.util.stream.Stream.class.isAssignableFrom(returns) || Iterable.class.isAssignableFrom(returns)) {
            return Shape.ITERATOR;
        }
        report.add(
                "must return Topic<T>, Run<T>, Flow.Publisher<T>, Stream<T> or Iterable<T>, or be void with an"
                        + " EventSink<T> parameter; it returns " + returns.getSimpleName(),
                "return-type");
        return null;
    }

    private static Shape push(Class<?> returns, Problems.OfMethod report) {
        if (returns == void.class
                || Flow.Publisher.class.isAssignableFrom(returns)
                || java.util.stream.Stream.class.isAssignableFrom(returns)) {
            report.add(
                    "must return Topic<T>, Run<T>, CompletionStage<T> or a value to poll; it returns "
                            + returns.getSimpleName()
                            + (returns == void.class ? "" : " (streams belong to @Stream)"),
                    "return-type");
            return null;
        }
        if (followable(returns)) {
            return Shape.TOPIC;
        }
        return CompletionStage.class.isAssignableFrom(returns) ? Shape.STAGE : Shape.VALUE;
    }

    /** A topic and a run are followed alike: from the client's cursor, a run from its start and up to its end. */
    private static boolean followable(Class<?> returns) {
        return Topic.class.isAssignableFrom(returns) || Run.class.isAssignableFrom(returns);
    }

    private static Shape duplex(Class<?> returns, ParameterRules.Signature signature, Problems.OfMethod report) {
        if (signature.connections > 0 && signature.messages > 0) {
            report.add(
                    "takes both a Connection and a message; a @Duplex method is either a connection"
                            + " method or a message method",
                    "duplex-role");
            return null;
        }
        if (signature.connections > 0) {
            if (returns != void.class && !Topic.class.isAssignableFrom(returns)) {
                report.add(
                        "is a connection method, so it must return void or Topic<T>; it returns "
                                + returns.getSimpleName(),
                        "return-type");
                return null;
            }
            return Shape.CONNECTION;
        }
        if (signature.messages == 0) {
            report.add(
                    "needs a message parameter (called per message) or a Connection<T> parameter"
                            + " (called per connection)",
                    "duplex-role");
            return null;
        }
        if (Topic.class.isAssignableFrom(returns)
                || Flow.Publisher.class.isAssignableFrom(returns)
                || java.util.stream.Stream.class.isAssignableFrom(returns)) {
            report.add(
                    "is a message method, so its return value is the reply; a " + returns.getSimpleName()
                            + " cannot be one (subscribe from a Connection method)",
                    "return-type");
            return null;
        }
        if ((signature.messageType == String.class || signature.messageType == byte[].class) && returns != void.class) {
            report.add(
                    "takes a raw " + ((Class<?>) signature.messageType).getSimpleName()
                            + " message, which arrives without a ref to reply to, so it must return void;"
                            + " it returns " + returns.getSimpleName()
                            + " (take a JSON-decoded type to reply, or send from a Connection method)",
                    "raw-message-void");
            return null;
        }
        return Shape.MESSAGE;
    }
}
