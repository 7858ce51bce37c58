package io.realtime.conformance;

import io.realtime.testing.Container;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line per run: which container ran the conformance suite, and how many of its tests passed.
 * Registered through {@code META-INF/services}, so it reports on every run that has this jar.
 */
public final class ConformanceReport implements TestExecutionListener {

    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    /** Called by the JUnit Platform. */
    public ConformanceReport() {}

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (conformance(test)) {
            skipped.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (conformance(test)) {
            (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed).incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        int total = passed.get() + failed.get() + skipped.get();
        if (total == 0) {
            return;
        }
        System.out.printf(
                "Conformance on %s: %d tests, %d passed, %d failed, %d skipped%n",
                Container.only().name(), total, passed.get(), failed.get(), skipped.get());
    }

    private static boolean conformance(TestIdentifier test) {
        return test.isTest() && test.getUniqueId().contains("io.realtime.conformance.");
    }
}
