package io.realtime.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz target in fuzzing mode (with {@code JAZZER_FUZZ=1} in the environment), for the fuzz command
 * ({@code realtime-fuzz/fuzz}): {@code FuzzMain <class>#<method> <libFuzzer flag>...}, such as
 * {@code -max_total_time=600}. Jazzer takes libFuzzer's
 * flags as configuration parameters; it instruments the runtime and Jackson's parser. Exits with 1 when the target
 * failed: a finding, whose input Jazzer wrote beside the target's corpus.
 */
public final class FuzzMain {

    private FuzzMain() {}

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(args[0] + "(com.code_intelligence.jazzer.api.FuzzedDataProvider)"))
                .configurationParameter("jazzer.instrument", "io.realtime.**,com.fasterxml.jackson.core.**")
                .configurationParameter("jazzer.internal.arg.0", "fuzz");
        List<String> flags = List.of(args).subList(1, args.length);
        for (int i = 0; i < flags.size(); i++) {
            request.configurationParameter("jazzer.internal.arg." + (i + 1), flags.get(i));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary);
        TestExecutionSummary result = summary.getSummary();
        result.printTo(new PrintWriter(System.out, true));
        result.printFailuresTo(new PrintWriter(System.out, true), 40);
        System.exit(result.getTotalFailureCount() == 0 && result.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
