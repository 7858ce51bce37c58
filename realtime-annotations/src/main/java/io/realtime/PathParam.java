package io.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a method parameter to a {@code {name}} segment of the endpoint path. Accepted parameter types:
 * {@code String}, {@code int}, {@code long}, {@code boolean}, their wrappers, {@code java.util.UUID} and
 * enums (matched by constant name). A segment that does not convert answers {@code 400} with a JSON body.
 * A name that does not appear in the path stops deployment.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface PathParam {
    /**
     * The name of the path segment, as written between braces in the path.
     *
     * @return the segment name
     */
    String value();
}
