package io.strata.bench.allocator;

import io.strata.bench.Scale;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JMH run of the DeclineOffers shape that figures 1 (all rounds) and 1b (the early rounds) are
 * read from, done at most once per harness JVM and scale so that both come from the same rounds.
 */
final class DeclineOffersRuns {

    /**
     * Wall and thread CPU milliseconds of each measured pass, round 0 first, and how many garbage
     * collections ran during each.
     */
    record Rounds(int agents, int frameworks, List<Double> wallMs, List<Double> cpuMs, List<Integer> gcs) {

        /** Rounds at or over {@code ms} of wall time. */
        long wallAtLeast(double ms) {
            return wallMs.stream().filter(x -> x >= ms).count();
        }

        /** Rounds at or over {@code ms} of wall time during which a collection ran. */
        long wallAtLeastWithGc(double ms) {
            long n = 0;
            for (int i = 0; i < wallMs.size(); i++) {
                n += wallMs.get(i) >= ms && i < gcs.size() && gcs.get(i) > 0 ? 1 : 0;
            }
            return n;
        }

        long cpuAtLeast(double ms) {
            return cpuMs.stream().filter(x -> x >= ms).count();
        }
    }

    /** The agents of the smaller cluster the issue sets a per-round goal for (under 5 ms), same frameworks. */
    static final int SMALL_AGENTS = 1_000;

    private static final Map<Scale, Rounds> DONE = new EnumMap<>(Scale.class);
    private static final Map<Scale, Rounds> SMALL = new EnumMap<>(Scale.class);

    private DeclineOffersRuns() {
    }

    /** The shape's 10,000 agents x 1,000 frameworks (10 x 5 when tiny). */
    static synchronized Rounds rounds(Scale scale) throws RunnerException, IOException {
        Rounds r = DONE.get(scale);
        if (r == null) {
            boolean full = scale == Scale.FULL;
            r = measure(full ? 10_000 : 10, full ? 1_000 : 5, full);
            DONE.put(scale, r);
        }
        return r;
    }

    /** The same shape on {@link #SMALL_AGENTS} agents (4 x 5 when tiny). */
    static synchronized Rounds smallCluster(Scale scale) throws RunnerException, IOException {
        Rounds r = SMALL.get(scale);
        if (r == null) {
            boolean full = scale == Scale.FULL;
            r = measure(full ? SMALL_AGENTS : 4, full ? 1_000 : 5, full);
            SMALL.put(scale, r);
        }
        return r;
    }

    private static Rounds measure(int agents, int frameworks, boolean full) throws RunnerException, IOException {
        int rounds = 2 * frameworks;
        Path cpuLog = Files.createTempFile("strata-bench-cpu", ".txt");
        try {
            // In-process for TINY: a test must not fork a JVM with surefire's classpath jar.
            System.setProperty(DeclineOffersBenchmark.CPU_LOG, cpuLog.toString());
            Options options = new OptionsBuilder()
                    .include(DeclineOffersBenchmark.class.getName() + ".allocationPass")
                    .param("agents", Integer.toString(agents))
                    .param("frameworks", Integer.toString(frameworks))
                    .warmupIterations(full ? 30 : 1)
                    .measurementIterations(rounds)
                    .forks(full ? 1 : 0)
                    .jvmArgsAppend("-Xms2g", "-Xmx6g", "-D" + DeclineOffersBenchmark.CPU_LOG + "=" + cpuLog)
                    .shouldFailOnError(true)
                    .verbosity(full ? VerboseMode.NORMAL : VerboseMode.SILENT)
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            List<Double> wallMs = new ArrayList<>();
            for (RunResult r : results) {
                for (var b : r.getBenchmarkResults()) {
                    for (IterationResult it : b.getIterationResults()) {
                        wallMs.add(it.getPrimaryResult().getScore());
                    }
                }
            }
            List<String[]> lines = Files.readAllLines(cpuLog).stream().filter(s -> !s.isBlank())
                    .map(s -> s.trim().split(" ")).toList();
            List<Double> cpuMs = lines.stream().map(l -> Long.parseLong(l[0]) / 1e6).toList();
            List<Integer> gcs = lines.stream().map(l -> Integer.parseInt(l[1])).toList();
            if (wallMs.size() != rounds) {
                throw new IllegalStateException("expected " + rounds + " measured rounds, JMH reported "
                        + wallMs.size());
            }
            return new Rounds(agents, frameworks, List.copyOf(wallMs), cpuMs, gcs);
        } finally {
            System.clearProperty(DeclineOffersBenchmark.CPU_LOG);
            Files.deleteIfExists(cpuLog);
        }
    }
}
