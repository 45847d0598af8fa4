package io.strata.bench.failover;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.Stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Master failover with production settings: three {@code strata master} processes and some
 * {@code strata agent} processes on their own loopback addresses, tasks running; the master
 * host's process (the oldest master node, which runs the master singleton and the ad-hoc task
 * framework) is killed with SIGKILL. Measured from the kill: the first {@code POST /api/v1/tasks}
 * a surviving master accepts (201), the first state from a new master, and the first state from
 * a new master listing every agent. Probes go to both surviving masters every 100 ms (writes
 * every 200 ms) without waiting for each other, so a probe's answer time is when the cluster
 * could answer it. The running tasks are counted before and after, with their pids, once right
 * after the agents are back and again after the re-registration grace (when a master would
 * answer reconciliations of tasks no agent reported with LOST).
 */
public final class MasterFailoverFigure implements Figure {

    static final double GOAL_S = 5.0;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    /** One kill: seconds from the kill to each milestone, and the tasks before and after. */
    record Trial(double firstWriteS, double newMasterS, double agentsBackS, int tasksBefore, int tasksAfter,
                 int tasksAfterGrace, int probesAccepted) {
        double completeS() {
            return Math.max(firstWriteS, agentsBackS);
        }

        int lost() {
            return tasksBefore - Math.min(tasksAfter, tasksAfterGrace);
        }
    }

    @Override
    public String name() {
        return "master.failover_s";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        int trials = scale == Scale.FULL ? 5 : 1;
        int agents = scale == Scale.FULL ? 3 : 1;
        int tasksPerAgent = 2;
        List<Trial> runs = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        try (ScratchDir dir = ScratchDir.create("strata-bench-failover")) {
            for (int i = 0; i < trials; i++) {
                loads.add(Load.now());
                Trial t = trial(dir.resolve("run-" + (i + 1)), agents, agents * tasksPerAgent);
                System.out.printf(Locale.ROOT, "bench:   run %d: first write %.2f s, new master %.2f s, "
                                + "all %d agents back %.2f s, tasks running %d -> %d -> %d%n", i + 1, t.firstWriteS(),
                        t.newMasterS(), agents, t.agentsBackS(), t.tasksBefore(), t.tasksAfter(), t.tasksAfterGrace());
                runs.add(t);
            }
        }
        List<Double> complete = runs.stream().map(Trial::completeS).toList();
        return result(runs, agents, agents * tasksPerAgent)
                .withSpread(runs.size(), Stats.min(complete), Stats.max(complete)).withLoad(loads);
    }

    private Trial trial(java.nio.file.Path dir, int agentCount, int taskCount) throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(dir, agentCount)) {
            // The masters serve HTTPS with certificates from this run's cluster CA.
            javax.net.ssl.SSLContext.setDefault(io.strata.tls.ClusterTrust.sslContext(cluster.caFile()));
            ClusterApi api = new ClusterApi(cluster.token());
            String first = cluster.api(0);
            await("all " + agentCount + " agents registered", cluster, () -> {
                JsonNode s = api.stateOrNull(first);
                return s != null && s.path("agents").size() == agentCount ? s : null;
            });
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < taskCount; i++) {
                ids.add(api.submitted(first, "survivor-" + i, List.of("sleep", "3600")));
            }
            Map<String, Long> pids = await("every task running", cluster, () -> running(api.stateOrNull(first), ids));
            pids.values().forEach(cluster::rememberTask);
            String epoch = api.stateOrNull(first).path("master").path("epoch").asText();

            List<String> survivors = List.of(cluster.api(1), cluster.api(2));
            cluster.checkAllAlive();
            long killedAt = System.nanoTime();
            cluster.master(0).crash();
            AtomicLong firstWrite = new AtomicLong();
            AtomicLong newMaster = new AtomicLong();
            AtomicLong agentsBack = new AtomicLong();
            AtomicInteger accepted = new AtomicInteger();
            ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor();
            try {
                AtomicInteger n = new AtomicInteger();
                probes.scheduleAtFixedRate(() -> {
                    int k = n.getAndIncrement();
                    String target = survivors.get(k % survivors.size());
                    api.stateAsync(target).thenAccept(s -> {
                        if (!s.path("master").path("epoch").asText().equals(epoch)) {
                            newMaster.compareAndSet(0, System.nanoTime() - killedAt);
                            if (s.path("agents").size() == agentCount) {
                                agentsBack.compareAndSet(0, System.nanoTime() - killedAt);
                            }
                        }
                    });
                    if (k % 2 == 0 && firstWrite.get() == 0) {
                        api.submit(target, "probe-" + k, 0.01, 8, List.of("true")).thenAccept(r -> {
                            if (r.statusCode() == 201) {
                                accepted.incrementAndGet();
                                firstWrite.compareAndSet(0, System.nanoTime() - killedAt);
                            }
                        });
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
                while (firstWrite.get() == 0 || agentsBack.get() == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no failover within " + FAILOVER_TIMEOUT.toSeconds()
                                + " s (first write " + seconds(firstWrite.get()) + " s, new master "
                                + seconds(newMaster.get()) + " s, agents back " + seconds(agentsBack.get()) + " s)"
                                + cluster.outputs());
                    }
                    Thread.sleep(20);
                }
            } finally {
                probes.shutdownNow();
            }

            String survivor = cluster.api(1);
            Map<String, Long> after = running(api.stateOrNull(survivor), ids);
            int tasksAfter = samePids(after, pids);
            // Past the re-registration grace (10 s by default) a new master answers what no agent reported.
            Thread.sleep(12_000);
            int tasksAfterGrace = samePids(running(api.stateOrNull(survivor), ids), pids);
            return new Trial(seconds(firstWrite.get()), seconds(newMaster.get()), seconds(agentsBack.get()),
                    pids.size(), tasksAfter, tasksAfterGrace, accepted.get());
        }
    }

    /** Tasks of {@code ids} the state shows RUNNING, with their pids; null unless all of them are. */
    private static Map<String, Long> running(JsonNode state, List<String> ids) {
        if (state == null) {
            return null;
        }
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode t : state.path("tasks")) {
            if (ids.contains(t.path("id").asText()) && "RUNNING".equals(t.path("state").asText())
                    && t.has("pid")) {
                pids.put(t.path("id").asText(), t.path("pid").asLong());
            }
        }
        return pids.size() == ids.size() ? pids : null;
    }

    /** How many tasks run with the pid they had before the kill, and whose process is alive. */
    private static int samePids(Map<String, Long> now, Map<String, Long> before) {
        if (now == null) {
            return 0;
        }
        int same = 0;
        for (var e : before.entrySet()) {
            if (e.getValue().equals(now.get(e.getKey()))
                    && ProcessHandle.of(e.getValue()).map(ProcessHandle::isAlive).orElse(false)) {
                same++;
            }
        }
        return same;
    }

    private static <T> T await(String what, LoopbackCluster cluster, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + TIMEOUT.toSeconds() + " s: " + what + cluster.outputs());
            }
            Thread.sleep(200);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static final String MISSED = " Goal missed. Where the time goes (a surviving master's log): the killed"
            + " node is unreachable ~2-2.5 s after the kill (500 ms heartbeats, 1 s acceptable pause), SBR decides 1-2 s"
            + " later (stable-after 1 s, checked once a second), then removal, the 500 ms removal margin and the new"
            + " master actor's start (~0.5 s); agents are back within a heartbeat of their proxy finding it. What would"
            + " lift it, each at a cost: a 500 ms stable-after or 500 ms agent heartbeats (less time to agree on who is"
            + " unreachable, or twice the heartbeat traffic).";

    private Result result(List<Trial> runs, int agents, int tasks) {
        double value = Stats.median(runs.stream().map(Trial::completeS).toList());
        int lost = runs.stream().mapToInt(Trial::lost).sum();
        StringBuilder perRun = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            Trial t = runs.get(i);
            perRun.append(String.format(Locale.ROOT, "%s run %d: first write %.2f s, new master answering %.2f s, "
                            + "all agents in its state %.2f s, tasks running before %d / after %d / after the grace %d",
                    i == 0 ? "" : ";", i + 1, t.firstWriteS(), t.newMasterS(), t.agentsBackS(), t.tasksBefore(),
                    t.tasksAfter(), t.tasksAfterGrace()));
        }
        String notes = String.format(Locale.ROOT,
                "Median over %d kills of the later of two milestones, each from the SIGKILL of the master host's "
                        + "process: the first POST /api/v1/tasks a surviving master accepts (201), and the first "
                        + "GET /api/v1/state from the new master listing all %d agents. Separate JVMs on loopback "
                        + "addresses as separate hosts: 3 `strata master` (127.0.0.61-63; the first is the oldest "
                        + "and runs the master and task-framework singletons) and %d `strata agent` (127.0.0.71..), "
                        + "each with its own home, started from the bench's class path with production settings "
                        + "(reference.conf, no overrides: SBR keep-majority on role master, stable-after 1 s, "
                        + "down-removal-margin 500 ms, failure detector 500 ms heartbeats / 1 s acceptable pause, "
                        + "gossip, leader actions and reaper every 250 ms, proxies identify the new singleton every "
                        + "250 ms). %d `sleep` tasks (2 per agent) ran before each kill; counted again (RUNNING "
                        + "with the same pid, process alive) once the agents were back and after the 10 s "
                        + "re-registration grace: %d lost over all runs. Probes: state every 100 ms and a write every "
                        + "200 ms, alternating between the two surviving masters, not waiting for answers. Peer: "
                        + "Mesos' published master failover of 4-8 s (ZooKeeper leader election plus agent "
                        + "re-registration; other hardware, context only); peer_value is the goal, 5 s. Runs:%s.",
                runs.size(), agents, agents, tasks, lost, perRun) + (value < GOAL_S && lost == 0 ? " Goal met." : MISSED);
        return Result.measured(name(), value, "s", "lower", "Mesos master failover, published 4-8 s "
                + "(context only); peer_value = the goal", GOAL_S, "< 5 s and 0 tasks lost", notes);
    }
}
