package io.strata.bench.reattach;

import io.strata.agent.process.Cgroups;
import io.strata.agent.process.ProcessSupervisor;
import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.Stats;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Agent restart with 1,000 running tasks: an agent's {@link ProcessSupervisor} (what the agent
 * actor builds at start, with the cgroups it detects) launches 1,000 {@code sleep} tasks and is
 * closed, which leaves them running; each run then builds a new supervisor on the same work dir
 * and calls {@code recover()}, as a restarted agent does, and is timed until every task is
 * re-attached (RUNNING with the same pid it was launched with). The floor, alternating with it in
 * the same run: listing the 1,000 checkpoints, reading each file and each task's
 * {@code /proc/<pid>/stat}, the I/O no re-attachment can avoid. At the end every task is killed by
 * pid (its wrapper and their descendants), even after a failure, and one more restart finds them
 * all gone and removes their cgroups.
 */
public final class AgentReattachFigure implements Figure {

    private static final AgentId AGENT = AgentId.of("bench-reattach");
    private static final FrameworkId FRAMEWORK = FrameworkId.of("bench-reattach-fw");
    private static final Duration LAUNCH_DEADLINE = Duration.ofMinutes(3);

    @Override
    public String name() {
        return "agent.reattach_s.1000_tasks";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        int tasks = full ? 1000 : 10;
        int runs = 5;
        Map<TaskId, Long> pids = new ConcurrentHashMap<>();
        List<Double> restart = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        int lost = 0;
        int restarted = 0;
        double launchSeconds;
        String limits;
        try (ScratchDir dir = ScratchDir.create("strata-bench-reattach-")) {
            Path workDir = dir.resolve("agent");
            ProcessSupervisor current = null;
            try {
                long launchStart = System.nanoTime();
                current = new ProcessSupervisor(AGENT, "127.0.0.1", workDir, Clock.systemUTC(), s -> {
                    if (s.state() == TaskState.RUNNING) {
                        pids.put(s.taskId(), s.pid());
                    }
                }, Cgroups.detect(AGENT));
                limits = current.limitsDescription();
                for (int i = 0; i < tasks; i++) {
                    TaskId id = TaskId.of("sleeper-" + i);
                    current.launch(FRAMEWORK, new TaskSpec(id, id.value(), "sleep", List.of("3600"), Map.of(),
                            Resources.of(0.01, 16), Map.of()));
                }
                awaitAll(pids, tasks, current);
                launchSeconds = (System.nanoTime() - launchStart) / 1e9;
                current.close();
                for (int run = 0; run < runs; run++) {
                    loads.add(Load.now());
                    long start = System.nanoTime();
                    current = new ProcessSupervisor(AGENT, "127.0.0.1", workDir, Clock.systemUTC(), s -> { },
                            Cgroups.detect(AGENT));
                    List<TaskStatus> recovered = current.recover();
                    restart.add((System.nanoTime() - start) / 1e9);
                    lost += (int) (tasks - recovered.stream().filter(s -> s.state() == TaskState.RUNNING).count());
                    restarted += (int) recovered.stream().filter(s -> s.state() == TaskState.RUNNING
                            && !s.pid().equals(pids.get(s.taskId()))).count();
                    if (run < runs - 1) {
                        current.close();
                    }
                    floor.add(listCheckpointsAndPids(workDir.resolve("meta/tasks"), pids.values()));
                }
            } finally {
                if (current != null) {
                    current.close();
                }
                killByPid(pids.values());
                // A last restart finds every task gone (LOST) and removes their cgroups and its spares.
                try (ProcessSupervisor cleanup = new ProcessSupervisor(AGENT, "127.0.0.1", workDir, Clock.systemUTC(),
                        s -> { }, Cgroups.detect(AGENT))) {
                    cleanup.recover();
                }
            }
        }
        double median = Stats.median(restart);
        double floorMedian = Stats.median(floor);
        String notes = String.format(Locale.ROOT,
                "%d tasks 'sleep 3600' (0.01 cpu, 16 MB; %s) launched by an agent's ProcessSupervisor in %.1f s and"
                        + " left running when it closed. Each of %d runs builds a new supervisor on the same work dir"
                        + " (cgroup detection included) and calls recover(), as a restarted agent does: seconds until"
                        + " it returns with every task RUNNING. Re-attached with the pid it was launched with: %s"
                        + " of %d tasks; lost (not RUNNING) %d, restarted (another pid) %d, over all runs."
                        + " Restart: median %.3f s, min %.3f, max %.3f. Floor, alternating run by run: list the"
                        + " checkpoint directory and read each checkpoint file and each task's /proc/<pid>/stat"
                        + " (bytes only, no parsing): median %.4f s, min %.4f, max %.4f. ratio = restart / floor."
                        + " The supervisor runs in the harness JVM (the tasks are its children, so the JDK reaps them"
                        + " when they end; a restarted agent's JVM would not be their parent, which recovery handles"
                        + " by watching /proc). %s",
                tasks, limits, launchSeconds, runs, lost == 0 && restarted == 0 ? "every run, all" : "NOT all",
                tasks, lost, restarted, median, Stats.min(restart),
                Stats.max(restart), floorMedian, Stats.min(floor), Stats.max(floor),
                median < 2 ? "Goal met." : "Goal missed: recovery reads and parses every checkpoint and each"
                        + " task's /proc stat one after another on one thread; reading them in parallel would lift it.");
        return Result.measured(name(), median, "s", "lower",
                "list + read the checkpoints and each task's /proc/<pid>/stat (same run)", floorMedian,
                "< 2 s, none lost or restarted", notes)
                .withSpread(runs, Stats.min(restart), Stats.max(restart))
                .withLoad(loads);
    }

    /** The floor: seconds to list the checkpoints, read every one and every pid's stat. */
    private static double listCheckpointsAndPids(Path checkpoints, Iterable<Long> pids) throws IOException {
        long start = System.nanoTime();
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpoints, "*.json")) {
            for (Path f : files) {
                bytes += Files.readAllBytes(f).length;
            }
        }
        for (long pid : pids) {
            bytes += Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")).length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (bytes == 0) {
            throw new IllegalStateException("no checkpoints under " + checkpoints);
        }
        return seconds;
    }

    private static void awaitAll(Map<TaskId, Long> pids, int tasks, ProcessSupervisor s) {
        long deadline = System.nanoTime() + LAUNCH_DEADLINE.toNanos();
        while (pids.size() < tasks) {
            long failed = s.statuses().stream().filter(st -> st.state().isTerminal()).count();
            if (failed > 0 || System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(pids.size() + " of " + tasks + " tasks running, " + failed
                        + " ended, after " + (System.nanoTime() - deadline + LAUNCH_DEADLINE.toNanos()) / 1_000_000
                        + " ms; first ended: " + s.statuses().stream().filter(st -> st.state().isTerminal())
                        .findFirst().map(TaskStatus::reason).orElse("none"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Every task's wrapper and what it started, by pid, whatever happened before. */
    private static void killByPid(Iterable<Long> pids) {
        List<ProcessHandle> all = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(all::add);
                all.add(h);
            });
        }
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
