package io.strata.bench.memory;

import io.strata.master.MasterInput;
import io.strata.master.MasterInput.ReportedTask;
import io.strata.master.MasterSettings;
import io.strata.master.MasterState;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strata's master core (the real {@link MasterState}: agent, framework and task books and the DRF
 * allocator) holding {@code agents} agents of {@code tasksPerAgent} cores, each running
 * {@code tasksPerAgent} one-core tasks of {@code frameworks} frameworks, fed as a master learns them:
 * framework registrations, then each agent's first heartbeat reporting its running tasks.
 */
final class StrataMasterHolding {

    static final long START = 1_750_000_000_000L;
    private static final MasterSettings SETTINGS = new MasterSettings(Duration.ofSeconds(1), Duration.ofSeconds(15),
            Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final MasterState master;
    private final int tasks;

    private StrataMasterHolding(MasterState master, int tasks) {
        this.master = master;
        this.tasks = tasks;
    }

    static StrataMasterHolding build(int agents, int tasksPerAgent, int frameworks) {
        MasterState m = new MasterState(SETTINGS, "e1", "pekko://strata@127.0.0.1:2551", START, () -> 0L);
        long now = START;
        for (int f = 0; f < frameworks; f++) {
            m.handle(new MasterInput.FrameworkHeartbeat(fw(f), "app-" + f, "*", "conn-fw-" + f), now);
        }
        Resources total = Resources.of(tasksPerAgent, 1024L * tasksPerAgent);
        Resources one = Resources.of(1, 1024);
        int n = 0;
        for (int a = 0; a < agents; a++) {
            AgentId agent = AgentId.of(String.format("node-%06d", a));
            List<ReportedTask> reported = new ArrayList<>(tasksPerAgent);
            for (int t = 0; t < tasksPerAgent; t++, n++) {
                FrameworkId framework = fw(n % frameworks);
                TaskId id = TaskId.of(String.format("app-%05d.task-%07d", n % frameworks, n));
                TaskSpec spec = TaskSpec.of(id, one, "sleep", "3600");
                TaskStatus status = new TaskStatus(id, framework, agent, TaskState.RUNNING, "", null, 10_000L + n,
                        now);
                reported.add(new ReportedTask(framework, spec, status));
            }
            String host = "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
            m.handle(new MasterInput.AgentHeartbeat(agent, host, total, Map.of(), reported, List.of(),
                    "conn-" + a), now);
        }
        int running = m.clusterState().tasks().size();
        return new StrataMasterHolding(m, running);
    }

    private static FrameworkId fw(int f) {
        return FrameworkId.of(String.format("app-%05d", f));
    }

    /** Tasks the master's books hold. */
    int tasks() {
        return tasks;
    }

    MasterState master() {
        return master;
    }
}
