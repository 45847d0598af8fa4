package io.strata.bench.launch;

import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;
import io.strata.node.NodeConfig;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.StrataSchedulerDriver;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 4: launch call to RUNNING for real processes through a real embedded cluster (master and
 * one agent in this JVM: sandbox, checkpoint, cgroup where writable, setsid and the exit-code
 * wrapper), one task at a time so the figure is latency, not queueing. Each task is killed once
 * running; its end frees the agent and brings the next offer. Interleaved with it, the peer: the
 * same command spawned directly with ProcessBuilder, timed until start() returns (pid known).
 * Five runs, the machine's load sampled as each starts; the figure is the median of their p99s.
 */
public final class RealProcessLaunchFigure implements Figure {

    private static final List<String> COMMAND = List.of("sleep", "60");
    private static final Duration STEP_DEADLINE = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "tasks.launch_p99_ms.real_processes";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        int warmups = full ? 30 : 0;
        int runs = 5;
        int perRun = full ? 100 : 4;
        List<Double> strataP99 = new ArrayList<>();
        List<Double> peerP99 = new ArrayList<>();
        List<Double> strataP50 = new ArrayList<>();
        List<Double> peerP50 = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        try (BenchCluster cluster = BenchCluster.start(home -> List.of(new NodeConfig.AgentConfig("agent-1",
                "127.0.0.1", 4.0, 4096L, 4096L, "31000-31099", Map.of(), home.resolve("agent-1"))))) {
            cluster.awaitState("the agent registered", s -> s.agents().size() == 1, Duration.ofSeconds(60));
            OneAtATimeFramework fw = new OneAtATimeFramework();
            StrataSchedulerDriver driver = StrataSchedulerDriver.start(cluster.node().system(), cluster.node().master(),
                    FrameworkInfo.of("bench-launcher"), fw);
            try {
                int n = 0;
                for (int i = 0; i < warmups; i++) {
                    launchAndKill(driver, fw, TaskId.of("w-" + n++));
                    spawnDirectly();
                }
                for (int run = 0; run < runs; run++) {
                    loads.add(Load.now());
                    List<Double> strata = new ArrayList<>();
                    List<Double> peer = new ArrayList<>();
                    for (int i = 0; i < perRun; i++) {
                        strata.add(launchAndKill(driver, fw, TaskId.of("p-" + n++)));
                        peer.add(spawnDirectly());
                    }
                    strataP99.add(Stats.percentile(strata, 99));
                    peerP99.add(Stats.percentile(peer, 99));
                    strataP50.add(Stats.median(strata));
                    peerP50.add(Stats.median(peer));
                }
            } finally {
                driver.stop(true);
            }
        }
        double p99 = Stats.median(strataP99);
        double peer = Stats.median(peerP99);
        String mechanism = System.getProperty("jdk.lang.Process.launchMechanism", "POSIX_SPAWN (the JDK 17 default)");
        String notes = String.format(Locale.ROOT,
                "%d runs of %d tasks '%s' (0.1 cpu, 32 MB) one at a time on a master + 1 agent in one JVM (StrataNode,"
                        + " default timings), after %d warm-up tasks; each killed once RUNNING. Latency = RUNNING"
                        + " update received by the framework - its launch call (accept, master, agent, sandbox,"
                        + " cgroup from the agent's spares, setsid + sh wrapper, fork/exec, the launch's one checkpoint"
                        + " write, status back). Value = median of the runs' p99s %s ms (p50s %s ms). Peer, alternating"
                        + " task by task in the same runs: ProcessBuilder start() of the same command (stdio to"
                        + " /dev/null, no sandbox): p99s %s ms (p50s %s ms). ratio = median p99 / median peer p99."
                        + " Spawn mechanism of this JVM (both sides): %s. %s",
                runs, perRun, String.join(" ", COMMAND), warmups, list(strataP99), list(strataP50), list(peerP99),
                list(peerP50), mechanism, limits(p99, peer, Stats.median(strataP50) - Stats.median(peerP50)));
        return Result.measured(name(), p99, "ms", "lower", "ProcessBuilder.start() of the same command (same run)",
                peer, "p99 <= 25 ms and <= 1.2x the bare spawn", notes)
                .withSpread(runs, Stats.min(strataP99), Stats.max(strataP99))
                .withLoad(loads);
    }

    private static String list(List<Double> xs) {
        return String.join("/", xs.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
    }

    private static String limits(double p99, double peerP99, double addedP50) {
        if (p99 <= 25 && p99 <= 1.2 * peerP99) {
            return "Goal met.";
        }
        String absolute = p99 <= 25 ? "p99 <= 25 ms met; " : "p99 <= 25 ms missed; ";
        return String.format(Locale.ROOT, "%s<= 1.2x the bare spawn %s: the figure is end to end and Strata adds p50"
                + " %.1f ms over the floor, most of it not the spawn: the framework's accept to the master, the master"
                + " to the agent, the agent's status back through the master to the framework (actor hops, each a"
                + " thread handoff on a 2-core machine shared with builds), plus the sandbox directories and the"
                + " checkpoint write. The bare start() has none of these, so 1.2x of it cannot be met end to end."
                + " What would lift it: -Djdk.lang.Process.launchMechanism=VFORK for the agent's JVM (spawns setsid"
                + " directly instead of through jspawnhelper; JDK 17 has it, later JDKs deprecate it), and a core of its"
                + " own for the agent.", absolute, p99 <= 1.2 * peerP99 ? "met" : "missed", addedP50);
    }

    /** Takes the next offer, launches one task into it; returns launch call to RUNNING in ms. */
    private static double launchAndKill(StrataSchedulerDriver driver, OneAtATimeFramework fw, TaskId id)
            throws Exception {
        Offer offer = fw.offers().poll(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (offer == null) {
            throw new IllegalStateException("no offer within " + STEP_DEADLINE.toSeconds() + "s for task " + id);
        }
        TaskSpec spec = new TaskSpec(id, id.value(), COMMAND.get(0), COMMAND.subList(1, COMMAND.size()), Map.of(),
                Resources.of(0.1, 32), Map.of());
        fw.expect(id);
        long launchedAt = System.nanoTime();
        driver.launch(offer.id(), List.of(spec));
        long runningAt = fw.running(id).get(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        driver.kill(id);
        fw.ended(id).get(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        fw.forget(id);
        return (runningAt - launchedAt) / 1e6;
    }

    /** The floor: the same command straight from ProcessBuilder; returns start() time in ms. */
    private static double spawnDirectly() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(COMMAND)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        long started = System.nanoTime();
        p.destroy();
        if (!p.waitFor(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return (started - start) / 1e6;
    }
}
