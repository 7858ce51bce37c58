package io.realtime.internal.endpoint;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of how an endpoint method is declared: one annotation ({@code one-annotation}), public in a public
 * class ({@code public-method}), and an instance method ({@code instance-method}).
 */
final class DeclarationRules {

    private DeclarationRules() {}

    /** @return the kinds whose annotation the method carries, in {@link Kind} order */
    static List<Kind> kinds(Method method) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (method.isAnnotationPresent(kind.annotation())) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** @return whether the method is declared so that the runtime can call it, after reporting why not */
    static boolean check(Method method, List<Kind> kinds, Problems.OfMethod report) {
        if (kinds.size() > 1) {
            report.add(
                    "carries " + kinds.stream().map(Kind::display).toList() + "; a method has one of them",
                    "one-annotation");
            return false;
        }
        if (!Modifier.isPublic(method.getModifiers())
                || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            report.add("must be public, in a public class", "public-method");
            return false;
        }
        if (Modifier.isStatic(method.getModifiers())) {
            report.add("must be an instance method, not static", "instance-method");
            return false;
        }
        return true;
    }
}
