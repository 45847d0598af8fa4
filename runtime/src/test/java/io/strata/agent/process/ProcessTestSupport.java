package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real processes, real supervisors, no sleeps: tests wait on conditions with deadlines. After
 * each test every supervisor kills its tasks, and the test fails if any process it started
 * (a task's session member or a descendant of this JVM) is still alive; those are killed first.
 */
abstract class ProcessTestSupport {

    static final AgentId AGENT = AgentId.of("agent-test");
    static final FrameworkId FRAMEWORK = FrameworkId.of("fw-test");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;

    private final Map<ProcessSupervisor, StatusRecorder> supervisors = new LinkedHashMap<>();

    ProcessSupervisor newSupervisor() {
        return newSupervisor(Cgroups.detect(AGENT));
    }

    ProcessSupervisor newSupervisor(Cgroups cgroups) {
        return newSupervisor(workDir, cgroups);
    }

    ProcessSupervisor newSupervisor(Path dir, Cgroups cgroups) {
        StatusRecorder recorder = new StatusRecorder();
        ProcessSupervisor s = new ProcessSupervisor(AGENT, "test-host", dir, Clock.systemUTC(), recorder, cgroups);
        supervisors.put(s, recorder);
        return s;
    }

    /** A supervisor built by the test itself, stopped and checked like the others after it. */
    void register(ProcessSupervisor s, StatusRecorder recorder) {
        supervisors.put(s, recorder);
    }

    StatusRecorder recorder(ProcessSupervisor s) {
        return supervisors.get(s);
    }

    TaskStatus awaitStatus(ProcessSupervisor s, TaskId id, TaskState state, Duration timeout) {
        return recorder(s).await(id, state, timeout);
    }

    static TaskId newTaskId(String name) {
        return TaskId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static TaskSpec spec(TaskId id, String command, String... args) {
        return TaskSpec.of(id, Resources.of(0.1, 0), command, args);
    }

    static TaskSpec shell(TaskId id, String script) {
        return spec(id, "sh", "-c", script);
    }

    static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("timed out after %s waiting until %s", timeout, what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    static boolean running(long pid) {
        return ProcStat.isRunning(pid, null);
    }

    /** Live descendants of {@code pid} (children re-parented to init are not included). */
    static List<Long> liveDescendants(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid).filter(ProcessTestSupport::running).toList();
    }

    @AfterEach
    void stopEverything() {
        for (ProcessSupervisor s : supervisors.keySet()) {
            if (!s.isClosed()) {
                s.killAll(Duration.ofSeconds(1));
                s.close();
            }
        }
        Set<Long> taskPids = new TreeSet<>();
        supervisors.values().forEach(r -> taskPids.addAll(r.pids()));
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (ProcStat p : ProcStat.all()) {
            if (!p.isZombie() && (taskPids.contains(p.session()) || taskPids.contains(p.pid()))) {
                ProcessHandle.of(p.pid()).ifPresent(leftovers::add);
            }
        }
        ProcessHandle.current().descendants().filter(ProcessTree::alive).forEach(leftovers::add);
        leftovers.forEach(ProcessHandle::destroyForcibly);
        assertThat(leftovers).as("processes left running after the test").isEmpty();
    }
}
