package io.realtime.internal.endpoint;

import io.realtime.RealtimeException;
import java.util.UUID;
import java.util.function.Function;

/** Turns a path segment into the type its {@code @PathParam} parameter declares, per request. */
final class PathParams {

    private PathParams() {}

    /** @return the conversion to {@code type}, or {@code null} if a path parameter cannot have that type */
    static Function<String, Object> converter(Class<?> type) {
        if (type == String.class) {
            return s -> s;
        }
        if (type == int.class || type == Integer.class) {
            return Integer::valueOf;
        }
        if (type == long.class || type == Long.class) {
            return Long::valueOf;
        }
        if (type == boolean.class || type == Boolean.class) {
            return s -> switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException();
            };
        }
        if (type == UUID.class) {
            return UUID::fromString;
        }
        if (type.isEnum()) {
            return s -> enumConstant(type, s);
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /** @return the value converted; a value that does not convert is the client's error, answered {@code 400} */
    static Object convert(String name, String value, Function<String, Object> converter, Class<?> type) {
        try {
            return converter.apply(value);
        } catch (RuntimeException e) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
            throw RealtimeException.badRequest(
                    "Path parameter '" + name + "' must be of type " + type.getSimpleName() + ", was '" + shown + "'");
        }
    }
}
