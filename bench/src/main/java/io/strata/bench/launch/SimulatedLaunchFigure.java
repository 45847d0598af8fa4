package io.strata.bench.launch;

import com.typesafe.config.ConfigFactory;
import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.Stats;
import io.strata.bench.heartbeat.AgentHostProcess;
import io.strata.resources.Resources;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.StrataSchedulerDriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Figure 3: the real master (singleton, allocator, registries, driver protocol) and its API in
 * this JVM with {@link SimulatedAgent}s in agent-host JVMs of their own ({@code AgentHost}) that
 * join the master's Pekko cluster over Artery TCP on loopback, so every launch, status update and
 * heartbeat crosses a socket as JSON. One {@link FillingFramework} per run, on
 * StrataSchedulerDriver in this JVM, launches as many tasks as fit into each offer. The rate is
 * tasks over the time from the framework's first launch call to the last RUNNING update it
 * receives. Agents register before the first framework starts (untimed); an unmeasured warm-up run
 * goes first; each run's framework is torn down and every task killed before the next starts.
 */
public final class SimulatedLaunchFigure implements Figure {

    static final double NOMAD_C1M_PER_S = 3750;
    /** The default heartbeat, stated so the figure does not move if the default does. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Resources PER_TASK = Resources.of(0.25, 256);
    /** 100 tasks fill an agent exactly, so the first round of offers can place everything. */
    static final double AGENT_CPUS = 25;
    static final long AGENT_MEM_MB = 25_600;


    /** One measured run: its rate, span, per-task latencies, load at its start and host bytes moved. */
    record Run(double rate, double seconds, double p50Ms, double p99Ms, double maxMs, double load, long wireBytes,
               int lost) {
    }

    @Override
    public String name() {
        return "tasks.launch_per_s.simulated_agents";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        int agents = full ? 1_000 : 10;
        int hosts = full ? 2 : 1;
        int tasks = full ? Integer.getInteger("strata.bench.launch.tasks", 100_000) : 20;
        int warmupTasks = full ? 20_000 : 10;
        int runs = full ? Integer.getInteger("strata.bench.launch.runs", 5) : 2;
        String config = "strata.heartbeat-interval = " + HEARTBEAT.toMillis() + "ms\n"
                + AgentHostProcess.MASTER_CLUSTER_TIMINGS + AgentHostProcess.SHARED_CONNECTION_QUEUE;
        List<AgentHostProcess> children = new ArrayList<>();
        try (ScratchDir dir = ScratchDir.create("strata-launch");
             BenchCluster cluster = BenchCluster.start(home -> List.of(), ConfigFactory.parseString(config))) {
            try {
                AgentHostProcess.startHosts(children, dir.path(), cluster.node().system(), agents, hosts, HEARTBEAT,
                        AGENT_CPUS, AGENT_MEM_MB, full ? "1536m" : "512m", AgentHostProcess.SHARED_CONNECTION_QUEUE_FLAGS);
                long registerStart = System.nanoTime();
                cluster.awaitState(agents + " simulated agents registered", s -> s.agents().size() == agents,
                        Duration.ofSeconds(full ? 300 : 60));
                double registerS = (System.nanoTime() - registerStart) / 1e9;
                runOnce(cluster, children, "bench-warmup", warmupTasks);
                List<Run> measured = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    measured.add(runOnce(cluster, children, "bench-filler-" + r, tasks));
                }
                List<Double> rates = measured.stream().map(Run::rate).toList();
                double median = Stats.median(rates);
                String notes = LaunchNotes.notes(agents, hosts, tasks, warmupTasks, registerS, measured,
                        WireSizes.of(cluster.node().system(), PER_TASK));
                return Result.measured(name(), median, "tasks/s", "higher", "Nomad C1M (published)",
                                NOMAD_C1M_PER_S, ">= 5000 tasks/s", notes)
                        .withSpread(rates.size(), Stats.min(rates), Stats.max(rates))
                        .withLoad(measured.stream().map(Run::load).toList());
            } finally {
                // Every agent host stops by its pid, even when the run failed, before the master does.
                for (AgentHostProcess c : children) {
                    c.close();
                }
            }
        }
    }

    /**
     * One framework runs {@code tasks} tasks, then tears down; returns once the master has
     * recovered every resource, so the next run starts on an empty cluster.
     */
    private static Run runOnce(BenchCluster cluster, List<AgentHostProcess> children, String name, int tasks)
            throws Exception {
        double load = Load.now();
        long bytes0 = ioBytes(children);
        FillingFramework fw = new FillingFramework(tasks, PER_TASK, name + "-t");
        StrataSchedulerDriver driver = StrataSchedulerDriver.start(cluster.node().system(), cluster.node().master(),
                FrameworkInfo.of(name), fw);
        fw.driverStarted(driver);
        try {
            fw.allRunning().get(600, TimeUnit.SECONDS);
        } finally {
            driver.stop(true);
        }
        long bytes = ioBytes(children) - bytes0;
        for (AgentHostProcess c : children) {
            c.checkAlive();
        }
        cluster.awaitState(name + "'s tasks released", s -> s.agents().stream()
                .allMatch(a -> a.used().milliCpus() == 0), Duration.ofSeconds(300));
        double seconds = (fw.lastRunningNanos() - fw.firstLaunchNanos()) / 1e9;
        List<Double> lat = fw.latenciesMs();
        return new Run(tasks / seconds, seconds, Stats.median(lat), Stats.percentile(lat, 99), Stats.max(lat), load,
                bytes0 < 0 || bytes < 0 ? -1 : bytes, fw.lostCount());
    }

    private static long ioBytes(List<AgentHostProcess> children) {
        long sum = 0;
        for (AgentHostProcess c : children) {
            long b = c.ioBytes();
            if (b < 0) {
                return -1;
            }
            sum += b;
        }
        return sum;
    }
}
