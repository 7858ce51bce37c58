package io.realtime.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The two rules the runtime's layout keeps, as checks over compiled classes: no cycle between packages, and no
 * internal type in a public or protected signature of the public API. Parameterised by package names, so that the
 * same checks run over the runtime and over fixtures built to break them.
 */
final class Architecture {

    private Architecture() {}

    /**
     * Checks that no two packages under {@code root} depend on each other, directly or through others.
     *
     * @param root the packages' common prefix, such as {@code io.realtime}
     */
    static EvaluationResult packageCycles(JavaClasses classes, String root) {
        return slices().matching(root + ".(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(false)
                .evaluate(classes);
    }

    /**
     * Checks that no exported member of the API packages names an internal type: a public type's superclass,
     * interfaces and type parameters, and its public and protected fields, constructors and methods (parameters,
     * return type, type parameters, thrown exceptions), generic arguments included.
     *
     * @param api the packages of the public API
     * @param internal the prefix of internal packages, such as {@code io.realtime.internal}
     */
    static EvaluationResult internalTypesInApi(JavaClasses classes, Set<String> api, String internal) {
        return classes()
                .that()
                .resideInAnyPackage(api.toArray(String[]::new))
                .should(exposeNoTypeOf(internal))
                .allowEmptyShould(false)
                .evaluate(classes);
    }

    /** @return the violations, one line each, sorted */
    static List<String> violations(EvaluationResult result) {
        return new ArrayList<>(new TreeSet<>(result.getFailureReport().getDetails()));
    }

    private static ArchCondition<JavaClass> exposeNoTypeOf(String internal) {
        return new ArchCondition<>("expose no type of " + internal + "..") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (!exported(type)) {
                    return;
                }
                List<Exposure> exposures = new ArrayList<>();
                type.getSuperclass().ifPresent(t -> exposures.add(new Exposure("extends", t)));
                type.getInterfaces().forEach(t -> exposures.add(new Exposure("implements", t)));
                type.getTypeParameters().forEach(t -> exposures.add(new Exposure("type parameter", t)));
                for (JavaMember member : type.getMembers()) {
                    if (visible(member)) {
                        exposures.addAll(signature(member));
                    }
                }
                for (Exposure exposure : exposures) {
                    for (JavaClass raw : exposure.type().getAllInvolvedRawTypes()) {
                        if (raw.getPackageName().equals(internal)
                                || raw.getPackageName().startsWith(internal + '.')) {
                            String message = type.getName() + " " + exposure.where() + " exposes " + raw.getName();
                            events.add(SimpleConditionEvent.violated(type, message));
                        }
                    }
                }
            }
        };
    }

    /** A type named in a signature, and where. */
    private record Exposure(String where, JavaType type) {}

    private static List<Exposure> signature(JavaMember member) {
        List<Exposure> exposures = new ArrayList<>();
        String name = member instanceof JavaCodeUnit unit ? unit.getName() + "()" : member.getName();
        if (member instanceof JavaField field) {
            exposures.add(new Exposure("field " + name, field.getType()));
        } else if (member instanceof JavaCodeUnit unit) {
            exposures.add(new Exposure(name + " returns", unit.getReturnType()));
            unit.getParameterTypes().forEach(t -> exposures.add(new Exposure(name + " takes", t)));
            for (JavaTypeVariable<?> variable : unit.getTypeParameters()) {
                exposures.add(new Exposure(name + " type parameter", variable));
            }
            unit.getThrowsClause().getTypes().forEach(t -> exposures.add(new Exposure(name + " throws", t)));
        }
        return exposures;
    }

    /** Whether code outside the package can name the type: it and every class enclosing it are public. */
    private static boolean exported(JavaClass type) {
        for (Optional<JavaClass> at = Optional.of(type);
                at.isPresent();
                at = at.get().getEnclosingClass()) {
            if (!at.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isLocalClass();
    }

    private static boolean visible(JavaMember member) {
        Collection<JavaModifier> modifiers = member.getModifiers();
        return !modifiers.contains(JavaModifier.SYNTHETIC)
                && !modifiers.contains(JavaModifier.BRIDGE)
                && (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED));
    }
}
