package io.realtime.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@link ArchitectureTest} fail on code that breaks the rules, and report exactly the faults: the
 * fixture under {@code fixture} has one cycle ({@code cycle.a} and {@code cycle.b} import each other) and one public
 * API type ({@code api.Door}) that names an internal type ({@code internal.Hinge}) in three exported signatures,
 * beside uses of it that are not exported.
 */
class ArchitectureFixtureTest {

    private static final String FIXTURE = "io.realtime.architecture.fixture";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aCycleBetweenTwoPackagesIsReported() {
        EvaluationResult result = Architecture.packageCycles(CLASSES, FIXTURE);
        assertThat(result.hasViolation()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertThat(report.split("Cycle detected", -1))
                .as("one cycle in:\n" + report)
                .hasSize(2);
        assertThat(report)
                .contains("Slice cycle.a", "Slice cycle.b")
                .contains(FIXTURE + ".cycle.a.Alpha", FIXTURE + ".cycle.b.Beta")
                .doesNotContain("Slice api", "Slice internal");
    }

    @Test
    void anInternalTypeInAPublicSignatureIsReported() {
        EvaluationResult result =
                Architecture.internalTypesInApi(CLASSES, Set.of(FIXTURE + ".api"), FIXTURE + ".internal");
        String door = FIXTURE + ".api.Door";
        String hinge = FIXTURE + ".internal.Hinge";
        assertThat(Architecture.violations(result))
                .containsExactly(
                        door + " hang() takes exposes " + hinge,
                        door + " hinge() returns exposes " + hinge,
                        door + " hinges() returns exposes " + hinge);
    }
}
