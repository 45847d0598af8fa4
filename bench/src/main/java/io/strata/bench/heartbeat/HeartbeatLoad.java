package io.strata.bench.heartbeat;

import com.typesafe.config.ConfigFactory;
import io.strata.bench.Load;
import io.strata.bench.ScratchDir;
import io.strata.bench.Scale;
import io.strata.bench.launch.BenchCluster;
import io.strata.bench.launch.FillingFramework;
import io.strata.protocol.ClusterState;
import io.strata.protocol.HeartbeatArrivals;
import io.strata.protocol.HeartbeatLags;
import io.strata.protocol.MasterCommand;
import io.strata.resources.Resources;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.StrataSchedulerDriver;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the heartbeat-load figures, shared by both ({@code master.heartbeat_cpu_cores.*} and
 * {@code master.heartbeat_lag_p99_ms.*} come from the same windows). The master (with its API and
 * one {@link FillingFramework}) runs in this JVM; the agents are {@link AgentHost} JVMs talking to
 * it over Artery TCP on loopback. Once every agent runs its tasks, windows alternate between 1 s
 * and 5 s heartbeats on the same cluster (1 s, 5 s, 1 s, ...): each window records the master
 * JVM's CPU time over wall time and the lags the master counted in it: arrival in this JVM to
 * processed ({@link HeartbeatArrivals}) and sent to processed.
 */
final class HeartbeatLoad {

    static final Duration FAST = Duration.ofSeconds(1);
    static final Duration SLOW = Duration.ofSeconds(5);
    static final int TASKS_PER_AGENT = 10;
    static final Resources PER_TASK = Resources.of(0.25, 256);

    /**
     * One window: heartbeat interval, master cores, lag percentiles of arrival in the master's JVM to
     * processed ({@code proc*}, the figure's) and of sent to processed ({@code p50, p99, max}, end to
     * end), heartbeats counted per second (end to end) and the share of them whose arrival was noted.
     */
    record Window(Duration interval, double cores, long procP50, long procP99, long procMax, long p50, long p99,
                  long max, double beatsPerS, double paired, double load, double hostCores) {
    }

    record Outcome(int agents, int hosts, double windowS, List<Window> windows, int lost, long inactiveAgents,
                   long tasksRunning, double launchS) {

        List<Window> side(Duration interval) {
            return windows.stream().filter(w -> w.interval().equals(interval)).toList();
        }
    }

    private static final Map<Scale, Outcome> DONE = new EnumMap<>(Scale.class);

    private HeartbeatLoad() {
    }

    /** The run at this scale, measured once for both figures. */
    static synchronized Outcome of(Scale scale) throws Exception {
        Outcome o = DONE.get(scale);
        if (o == null) {
            o = run(scale);
            DONE.put(scale, o);
        }
        return o;
    }

    private static Outcome run(Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        int agents = full ? Integer.getInteger("strata.bench.heartbeat.agents", 10_000) : 20;
        int hosts = full ? Integer.getInteger("strata.bench.heartbeat.hosts", 4) : 1;
        int runs = full ? Integer.getInteger("strata.bench.heartbeat.runs", 5) : 1;
        double windowS = full ? Integer.getInteger("strata.bench.heartbeat.window-s", 15) : 5;
        Duration settle = Duration.ofSeconds(full ? 3 : 2);
        String timings = "strata.heartbeat-interval = 1s\n" + AgentHostProcess.MASTER_CLUSTER_TIMINGS
                + AgentHostProcess.SHARED_CONNECTION_QUEUE;
        List<AgentHostProcess> children = new ArrayList<>();
        // Heartbeats note their arrival as they are deserialised in this (the master's) JVM.
        HeartbeatArrivals.enable(Clock.systemUTC());
        try (ScratchDir dir = ScratchDir.create("strata-heartbeat");
             BenchCluster cluster = BenchCluster.start(home -> List.of(), ConfigFactory.parseString(timings))) {
            try {
                return measure(cluster, dir, children, full, agents, hosts, runs, windowS, settle);
            } finally {
                // Every agent host stops by its pid, even when the run failed, before the master does.
                for (AgentHostProcess c : children) {
                    c.close();
                }
            }
        } finally {
            HeartbeatArrivals.disable();
        }
    }

    private static Outcome measure(BenchCluster cluster, ScratchDir dir, List<AgentHostProcess> children,
                                   boolean full, int agents, int hosts, int runs, double windowS, Duration settle)
            throws Exception {
        var system = cluster.node().system();
        double agentCpus = PER_TASK.milliCpus() / 1000.0 * TASKS_PER_AGENT;
        long agentMem = PER_TASK.memMb() * TASKS_PER_AGENT;
        AgentHostProcess.startHosts(children, dir.path(), system, agents, hosts, FAST, agentCpus, agentMem,
                full ? "1536m" : "512m", AgentHostProcess.SHARED_CONNECTION_QUEUE_FLAGS);
        cluster.awaitState(agents + " simulated agents registered", s -> s.agents().size() == agents,
                Duration.ofSeconds(full ? 300 : 60));
        long launchStart = System.nanoTime();
        FillingFramework fw = new FillingFramework(agents * TASKS_PER_AGENT, PER_TASK);
        StrataSchedulerDriver driver = StrataSchedulerDriver.start(system, cluster.node().master(),
                FrameworkInfo.of("bench-heartbeat"), fw);
        fw.driverStarted(driver);
        fw.allRunning().get(full ? 600 : 60, TimeUnit.SECONDS);
        double launchS = (System.nanoTime() - launchStart) / 1e9;
        // One 1 s window unrecorded first: right after the launches the JIT is still compiling the
        // heartbeat path (a first window measured ~4x the master CPU of the later ones).
        window(cluster, children, FAST, settle, windowS);
        List<Window> windows = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (Duration interval : List.of(FAST, SLOW)) {
                windows.add(window(cluster, children, interval, settle, windowS));
            }
        }
        ClusterState end = cluster.state();
        long inactive = end.agents().stream().filter(a -> !a.active()).count();
        long running = end.tasks().stream().filter(t -> t.status().state() == io.strata.resources.TaskState.RUNNING)
                .count();
        return new Outcome(agents, hosts, windowS, windows, fw.lostCount(), inactive, running, launchS);
    }

    private static Window window(BenchCluster cluster, List<AgentHostProcess> children, Duration interval,
                                 Duration settle, double windowS) throws Exception {
        for (AgentHostProcess c : children) {
            c.setInterval(interval, Duration.ofSeconds(30));
        }
        Thread.sleep(settle.toMillis());
        double load = Load.now();
        HeartbeatLags before = lags(cluster, false);
        HeartbeatLags procBefore = lags(cluster, true);
        double cpu0 = processCpuSeconds();
        double hosts0 = hostCpuSeconds(children);
        long t0 = System.nanoTime();
        Thread.sleep((long) (windowS * 1000));
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = processCpuSeconds() - cpu0;
        double hostCpu = hostCpuSeconds(children) - hosts0;
        HeartbeatLags in = lags(cluster, false).minus(before);
        HeartbeatLags proc = lags(cluster, true).minus(procBefore);
        for (AgentHostProcess c : children) {
            c.checkAlive();
        }
        return new Window(interval, cpu / wall, proc.percentile(50), proc.percentile(99), proc.max(),
                in.percentile(50), in.percentile(99), in.max(), in.total() / wall,
                in.total() == 0 ? 0 : proc.total() / (double) in.total(), load, hostCpu / wall);
    }

    /** The master's lag counts so far: arrived to processed ({@code sinceArrival}) or sent to processed. */
    private static HeartbeatLags lags(BenchCluster cluster, boolean sinceArrival) throws Exception {
        var system = cluster.node().system();
        return AskPattern.<MasterCommand, HeartbeatLags>ask(cluster.node().master(),
                        r -> new MasterCommand.GetHeartbeatLags(r, sinceArrival), Duration.ofSeconds(30),
                        system.scheduler())
                .toCompletableFuture().get(31, TimeUnit.SECONDS);
    }

    /** This JVM's CPU time (the master's, its API's and the idle framework's), in seconds. */
    private static double processCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    private static double hostCpuSeconds(List<AgentHostProcess> children) {
        return children.stream().mapToDouble(AgentHostProcess::cpuSeconds).sum();
    }
}
