package io.realtime.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own layout: its packages form no cycle, and its public API ({@code io.realtime},
 * {@code io.realtime.runtime}, {@code io.realtime.spi}) names no {@code io.realtime.internal} type, so that
 * everything internal may change without breaking an application. {@link ArchitectureFixtureTest} shows that the
 * same checks fail when those rules are broken.
 */
class ArchitectureTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.realtime");

    @Test
    void theRuntimesPackagesFormNoCycle() {
        assertThat(RUNTIME.stream().map(type -> type.getPackageName()).distinct())
                .as("the check sees the runtime's packages")
                .contains("io.realtime.runtime", "io.realtime.spi", "io.realtime.internal.topic");
        assertThat(Architecture.violations(Architecture.packageCycles(RUNTIME, "io.realtime")))
                .isEmpty();
    }

    @Test
    void thePublicApiNamesNoInternalType() {
        assertThat(Architecture.violations(Architecture.internalTypesInApi(
                        RUNTIME,
                        Set.of("io.realtime", "io.realtime.runtime", "io.realtime.spi"),
                        "io.realtime.internal")))
                .isEmpty();
    }
}
