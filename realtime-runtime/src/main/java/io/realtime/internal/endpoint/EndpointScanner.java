package io.realtime.internal.endpoint;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Turns service classes into validated {@link Routes}. The rules live by family, each naming its own
 * ({@code [rule: ...]}): {@link ServiceRules} for the class, {@link DeclarationRules} for how a method is declared,
 * {@link PathRules} for paths, {@link ParameterRules} for parameters, {@link ReturnTypeRules} for return types.
 * Every violation is collected ({@link Problems}), so that one failed deployment reports all of them.
 */
public final class EndpointScanner {

    private final Function<Class<?>, Object> instantiate;
    private final Problems problems = new Problems();
    private final List<Endpoint> endpoints = new ArrayList<>();

    private EndpointScanner(Function<Class<?>, Object> instantiate) {
        this.instantiate = instantiate;
    }

    /**
     * Scans services.
     *
     * @param services classes (instantiated with {@code instantiate}) or instances
     * @param instantiate creates an instance of a class; throws with a reason when it cannot
     * @return the routes
     * @throws InvalidEndpoints listing every problem
     */
    public static Routes scan(Collection<?> services, Function<Class<?>, Object> instantiate) {
        EndpointScanner scanner = new EndpointScanner(instantiate);
        for (Object service : services) {
            scanner.service(service);
        }
        Routes routes = PathRules.group(scanner.endpoints, scanner.problems);
        if (!scanner.problems.isEmpty()) {
            throw new InvalidEndpoints(scanner.problems.lines(), scanner.problems.causes());
        }
        return routes;
    }

    private void service(Object service) {
        Class<?> type = service instanceof Class<?> c ? c : service.getClass();
        List<Method> methods = ServiceRules.annotatedMethods(type);
        Object target = ServiceRules.target(service, type, methods, instantiate, problems);
        if (target != null) {
            for (Method method : methods) {
                method(method, target);
            }
        }
    }

    private void method(Method method, Object target) {
        List<Kind> kinds = DeclarationRules.kinds(method);
        Kind kind = kinds.get(0);
        Problems.OfMethod report = problems.of(kind, method);
        if (!DeclarationRules.check(method, kinds, report)) {
            return;
        }
        PathTemplate path = PathRules.template(method, kind, report);
        if (path == null) {
            return;
        }
        ParameterRules.Signature signature = ParameterRules.bind(method.getParameters(), kind, path, report);
        Shape shape = ReturnTypeRules.shape(method.getReturnType(), kind, signature, report);
        if (!report.any() && shape != null) {
            endpoints.add(new Endpoint(
                    kind,
                    path,
                    method,
                    target,
                    shape,
                    signature.arguments,
                    signature.principal,
                    signature.messageType));
        }
    }
}
