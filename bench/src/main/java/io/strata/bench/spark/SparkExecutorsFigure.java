package io.strata.bench.spark;

import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.Stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 7: seconds from just before a driver creates its SparkContext until N one-core executors
 * have registered with it, on Strata (the Spark framework and its strata:// plug-in) and on Spark's
 * standalone Master and Workers, from the same jars in the same run. Both clusters are started
 * once, before any timing; the same driver JVM, with the same settings but the master URL, runs
 * against each in turn, alternating which goes first; after a warm-up pair, medians.
 */
public final class SparkExecutorsFigure implements Figure {

    private static final List<String> DRIVER_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String EXECUTOR_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration CLUSTER_DEADLINE = Duration.ofSeconds(90);
    private static final long DRIVER_DEADLINE_S = 180;
    private static final String MISSED = "Goal missed. Where the time goes (seen in the drivers', executors' and"
            + " cluster's logs of runs kept with -Dstrata.bench.keep=true): both control planes start the executor"
            + " JVMs within about a second of the application registering (Strata: 0.05-0.3 s from the plug-in's"
            + " registration to the executor process), then each executor JVM needs 4-5 s on this machine to start"
            + " and register, which varies by seconds from run to run. Strata's executors start under a 2-cpu cgroup"
            + " quota (their start-up burst) where standalone ones have no quota at all. What would lift it:"
            + " separating a real difference from the noise first (more runs, a quiet machine).";

    @Override
    public String name() {
        return "spark.executors_ready_s.vs_standalone";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        int executors = full ? 2 : 1;
        int hosts = executors;
        int warmups = full ? 1 : 0;
        int measured = full ? 5 : 1;
        List<Double> strata = new ArrayList<>();
        List<Double> standalone = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        try (ScratchDir dir = ScratchDir.create("strata-bench-spark");
             SparkJars jars = SparkJars.locate();
             StandaloneSpark peer = StandaloneSpark.start(jars, dir.resolve("standalone"), hosts);
             SparkOnStrata strataSide = SparkOnStrata.start(jars, hosts)) {
            peer.awaitWorkers(CLUSTER_DEADLINE);
            String app = installApp(dir.resolve("app"));
            int runs = 0;
            for (int rep = 0; rep < warmups + measured; rep++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean strataTurn = (turn == 0) == (rep % 2 == 0);
                    String master = strataTurn ? strataSide.masterUrl() : peer.masterUrl();
                    if (rep >= warmups) {
                        loads.add(Load.now());
                    }
                    double seconds = drive(jars, dir.resolve("driver-" + runs++), app, master,
                            strataTurn ? strataSide.token() : null, executors);
                    // The next driver starts on an idle cluster: this one's executors are gone.
                    if (strataTurn) {
                        strataSide.awaitNoExecutors(CLUSTER_DEADLINE);
                    } else {
                        peer.awaitNoExecutors(CLUSTER_DEADLINE);
                    }
                    if (rep >= warmups) {
                        (strataTurn ? strata : standalone).add(seconds);
                    }
                }
            }
        }
        double s = Stats.median(strata);
        double p = Stats.median(standalone);
        String notes = String.format(Locale.ROOT,
                "Spark 4.1.1 from the jars Strata's Spark framework runs (frameworks/spark/plugin/target/spark-dist),"
                        + " %d executor(s) of 1 core and 512 MB heap. Timed inside the driver: from just before"
                        + " new SparkContext(conf) until SparkContext.getExecutorIds() (executors registered with the"
                        + " scheduler backend) has %d entries; spark.scheduler.minRegisteredResourcesRatio=1.0. The"
                        + " same driver JVM (%s, Spark's module flags) and settings against each, only spark.master"
                        + " differs; executors run with %s on both. Strata: one node (master, API, Spark framework)"
                        + " in the harness JVM, started once before timing, default timings (1 s allocation"
                        + " interval and heartbeats), %d agent(s) of 1 cpu/2 GB on 127.0.0.1..%d; the strata:// plug-in"
                        + " asks the framework for executors, which launches them as tasks from offers, each in a"
                        + " cgroup (1 cpu quota, raised to 2 cpus for the executor's first 60 s by the framework's default"
                        + " start-up burst, spark.strata.executor.burstCpus/burstSeconds; heap + Spark's default 384 MB"
                        + " overhead as memory limit). Standalone:"
                        + " one Master and %d Worker(s) of 1 core/2 GB on the same addresses, started once before"
                        + " timing like a static cluster (so their start-up is not counted, as Strata's is not);"
                        + " Workers enforce no cpu or memory limits. %d warm-up + %d measured runs each, alternating"
                        + " which goes first, each on an idle cluster; medians. Strata runs: %s s; standalone runs:"
                        + " %s s.%s %s",
                executors, executors, String.join(" ", DRIVER_JVM), EXECUTOR_JVM, hosts, hosts, hosts, warmups,
                measured, list(strata), list(standalone), overlap(strata, standalone), s <= p ? "Goal met." : MISSED);
        return Result.measured(name(), s, "s", "lower",
                "Spark standalone Master and Worker from the same jars (same run)", p, "ratio <= 1.0", notes)
                .withSpread(strata.size(), Stats.min(strata), Stats.max(strata)).withLoad(loads);
    }

    /** Runs one driver to the end; returns the seconds it reports. */
    private static double drive(SparkJars jars, Path dir, String app, String master, String token, int executors)
            throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(DRIVER_JVM);
        if (token != null) {
            jvm.add("-Dspark.strata.token=" + token);
        }
        for (String kv : List.of("spark.master=" + master, "spark.app.name=executors-ready",
                "spark.driver.host=127.0.0.1", "spark.ui.enabled=false",
                "spark.executor.instances=" + executors, "spark.executor.cores=1", "spark.cores.max=" + executors,
                "spark.executor.memory=512m", "spark.executor.extraJavaOptions=" + EXECUTOR_JVM,
                "spark.scheduler.minRegisteredResourcesRatio=1.0")) {
            jvm.add("-D" + kv);
        }
        try (SparkJvm driver = SparkJvm.start("driver", jars, dir, jvm, app, Map.of(),
                ExecutorsReadyApp.class.getName(), List.of(Integer.toString(executors)))) {
            if (!driver.awaitExit(DRIVER_DEADLINE_S)) {
                throw new IllegalStateException("the driver against " + master + " did not end within "
                        + DRIVER_DEADLINE_S + " s: " + driver.tail());
            }
            for (String line : driver.stdout().split("\n")) {
                if (line.startsWith(ExecutorsReadyApp.READY)) {
                    return Double.parseDouble(line.substring(ExecutorsReadyApp.READY.length()).strip());
                }
            }
            throw new IllegalStateException("the driver against " + master + " did not see " + executors
                    + " executor(s): " + driver.tail());
        }
    }

    /** The driver's one class file, alone in a folder, so the driver's class path is Spark's plus it. */
    private static String installApp(Path dir) throws IOException {
        String name = ExecutorsReadyApp.class.getSimpleName() + ".class";
        Path file = dir.resolve(ExecutorsReadyApp.class.getPackageName().replace('.', '/')).resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = ExecutorsReadyApp.class.getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return dir.toString();
    }

    /** Says so when the two sides' runs overlap: then the ratio is within this machine's noise. */
    private static String overlap(List<Double> strata, List<Double> standalone) {
        double lo = Math.max(Stats.min(strata), Stats.min(standalone));
        double hi = Math.min(Stats.max(strata), Stats.max(standalone));
        if (strata.size() < 2 || lo > hi) {
            return "";
        }
        return String.format(Locale.ROOT, " The two sides' runs overlap (Strata %.2f-%.2f s, standalone %.2f-%.2f s):"
                + " on this shared machine they are equal within the noise, most of which is the executor and driver"
                + " JVMs' own start-up.", Stats.min(strata), Stats.max(strata), Stats.min(standalone),
                Stats.max(standalone));
    }

    private static String list(List<Double> xs) {
        List<String> out = new ArrayList<>();
        for (double x : xs) {
            out.add(String.format(Locale.ROOT, "%.2f", x));
        }
        return String.join(", ", out);
    }
}
