package io.strata.bench.memory;

import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The memory figure: live heap after a full GC of Strata's master core holding N agents x 10
 * running tasks, against YARN's CapacityScheduler and RM context (figure 2's harness) holding N
 * nodes x 10 containers. Each side runs in a JVM of its own ({@link HeapProbe}), so they never
 * share a heap; sides alternate, several runs each; the figure is the median at the largest N.
 */
public final class MasterHeapFigure implements Figure {

    private static final int TASKS_PER_AGENT = 10;
    private static final int FRAMEWORKS = 100;
    private static final double MB = 1024.0 * 1024.0;

    /** One child's report. */
    record Probe(String side, int held, long base, long heap, long rss) {
        double heapMb() {
            return heap / MB;
        }
    }

    @Override
    public String name() {
        return "master.heap_mb.vs_yarn_rm";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        // Tiny: one size only (the small one reuses the large probes), so the test starts two JVMs, not four.
        int small = scale == Scale.FULL ? 1_000 : 50;
        int large = scale == Scale.FULL ? 10_000 : 50;
        int runs = scale == Scale.FULL ? 5 : 1;
        int frameworks = scale == Scale.FULL ? FRAMEWORKS : 5;
        List<Probe> strataSmall = new ArrayList<>();
        List<Probe> yarnSmall = new ArrayList<>();
        List<Probe> strata = new ArrayList<>();
        List<Probe> yarn = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            boolean strataFirst = r % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean strataTurn = (turn == 0) == strataFirst;
                String side = strataTurn ? "strata" : "yarn";
                loads.add(Load.now());
                Probe big = probe(side, large, frameworks);
                (strataTurn ? strata : yarn).add(big);
                (strataTurn ? strataSmall : yarnSmall).add(small == large ? big : probe(side, small, frameworks));
            }
        }
        double s = median(strata);
        double y = median(yarn);
        String notes = String.format(Locale.ROOT,
                "Each side in a JVM of its own (same flags: -Xms64m -Xmx2g, default G1), %d runs each,"
                        + " alternating; live heap = heap used after System.gc() (a full collection) via"
                        + " MemoryMXBean, repeated until it stops shrinking. Strata: the real master core"
                        + " (MasterState: agent/framework/task books and the DRF allocator) after %d framework"
                        + " registrations and one heartbeat per agent reporting %d RUNNING one-core tasks (spec with"
                        + " command and args, status with pid), as a master learns them. YARN: figure 2's harness,"
                        + " CapacityScheduler 3.4.2 with its RMContext, RMNodes and scheduler nodes, %d apps, every"
                        + " container placed through node heartbeats (%d-core nodes, one-core containers). At %,d"
                        + " agents (%,d tasks): Strata %s MB (runs %s) vs YARN %s MB (runs %s), ratio %.2f. At %,d"
                        + " agents (%,d tasks): Strata %s MB vs YARN %s MB, ratio %.2f. Live heap of the child at its"
                        + " start, before either side's classes load: Strata %s MB, YARN %s MB; the rest (books plus"
                        + " the classes' static state) at %,d: Strata %s MB vs YARN %s MB. RSS after the collections (MB,"
                        + " medians; depends on the collector's sizing, same flags both sides): %,d agents Strata %s vs"
                        + " YARN %s; %,d agents Strata %s vs YARN %s. Neither side has RPC servers, actors or a web"
                        + " UI in its heap.",
                runs, frameworks, TASKS_PER_AGENT, frameworks, TASKS_PER_AGENT,
                large, large * TASKS_PER_AGENT, mb(s), list(strata), mb(y), list(yarn), s / y,
                small, small * TASKS_PER_AGENT, mb(median(strataSmall)), mb(median(yarnSmall)),
                median(strataSmall) / median(yarnSmall),
                mb(medianOf(strata, p -> p.base() / MB)), mb(medianOf(yarn, p -> p.base() / MB)),
                large, mb(medianOf(strata, p -> (p.heap() - p.base()) / MB)),
                mb(medianOf(yarn, p -> (p.heap() - p.base()) / MB)),
                large, mb(medianOf(strata, p -> p.rss() / MB)), mb(medianOf(yarn, p -> p.rss() / MB)),
                small, mb(medianOf(strataSmall, p -> p.rss() / MB)), mb(medianOf(yarnSmall, p -> p.rss() / MB)));
        List<Double> values = strata.stream().map(Probe::heapMb).toList();
        return Result.measured(name(), s, "MB", "lower",
                        "Hadoop YARN 3.4.2 CapacityScheduler + RM context, same nodes and containers (same run)", y,
                        "<= 0.5x YARN", notes + (s / y <= 0.5 ? " Goal met." : " Goal missed."))
                .withSpread(values.size(), Stats.min(values), Stats.max(values)).withLoad(loads);
    }

    private static Probe probe(String side, int agents, int frameworks) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xms64m");
        cmd.add("-Xmx2g");
        String log = System.getProperty("strata.bench.log");
        cmd.add("-Dstrata.bench.log=" + (log == null ? System.getProperty("java.io.tmpdir") + File.separator
                + "strata-bench-heap-probe.log" : log + ".heap-probe"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HeapProbe.class.getName());
        cmd.add(side);
        cmd.add(Integer.toString(agents));
        cmd.add(Integer.toString(TASKS_PER_AGENT));
        cmd.add(Integer.toString(frameworks));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Probe found = null;
        StringBuilder tail = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(HeapProbe.PREFIX)) {
                    found = parse(line);
                } else if (tail.length() < 4000) {
                    tail.append(line).append('\n');
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (found == null || p.exitValue() != 0) {
            throw new IllegalStateException("heap probe " + side + " " + agents + " failed (exit " + p.exitValue()
                    + "): " + tail);
        }
        if (found.held() != agents * TASKS_PER_AGENT) {
            throw new IllegalStateException("heap probe " + side + " held " + found.held() + " tasks, not "
                    + agents * TASKS_PER_AGENT);
        }
        return found;
    }

    static Probe parse(String line) {
        String side = null;
        long[] v = new long[4];
        for (String part : line.substring(HeapProbe.PREFIX.length()).trim().split(" ")) {
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "side" -> side = kv[1];
                case "held" -> v[0] = Long.parseLong(kv[1]);
                case "base" -> v[1] = Long.parseLong(kv[1]);
                case "heap" -> v[2] = Long.parseLong(kv[1]);
                case "rss" -> v[3] = Long.parseLong(kv[1]);
                default -> { }
            }
        }
        return new Probe(side, (int) v[0], v[1], v[2], v[3]);
    }

    private static double median(List<Probe> ps) {
        return medianOf(ps, Probe::heapMb);
    }

    private static double medianOf(List<Probe> ps, java.util.function.ToDoubleFunction<Probe> f) {
        return Stats.median(ps.stream().map(p -> f.applyAsDouble(p)).toList());
    }

    private static String mb(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    private static String list(List<Probe> ps) {
        List<String> out = new ArrayList<>();
        for (Probe p : ps) {
            out.add(mb(p.heapMb()));
        }
        return String.join(", ", out);
    }
}
