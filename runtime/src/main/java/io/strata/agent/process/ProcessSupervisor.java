package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs the agent's tasks as OS processes: one sandbox, session and cgroup per task, exit codes
 * and reasons for every end, checkpoints so that a restarted agent finds its tasks again.
 * Plain Java; the agent actor wraps it. Statuses go to the listener from any thread, in order
 * per task (STARTING, RUNNING, then one terminal status).
 */
public final class ProcessSupervisor implements AutoCloseable {

    private static final int FORGOTTEN_SANDBOXES_KEPT = 2000;

    private static final Logger log = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final long REATTACHED_POLL_MILLIS = 200;
    private static final Duration KILL_ALL_SLACK = Duration.ofSeconds(5);
    /** Empty task cgroups kept ready per agent (see {@link CgroupSlots}). */
    private static final int SPARE_CGROUPS = 4;

    private final AgentId agentId;
    private final String host;
    private final Path workDir;
    private final Clock clock;
    private final Consumer<TaskStatus> listener;
    private final Cgroups cgroups;
    private final CgroupSlots slots;
    private final CheckpointStore checkpoints;
    private final TaskUsers users;
    private final IntSupplier gids = TaskDirs.randomGids();
    private final Map<String, String> agentEnv = System.getenv();
    private final ConcurrentMap<TaskId, TaskProcess> tasks = new ConcurrentHashMap<>();
    private final ForgottenSandboxes forgotten = new ForgottenSandboxes(FORGOTTEN_SANDBOXES_KEPT);
    private final ScheduledExecutorService scheduler;
    private final ExecutorService pool;
    private final TaskEnd ends = new TaskEnd(this);
    private volatile boolean closed;

    /**
     * @param workDir  the agent's work dir; sandboxes under workDir/sandboxes/&lt;frameworkId&gt;/&lt;taskId&gt;/,
     *                 checkpoints under workDir/meta/tasks/&lt;taskId&gt;.json
     * @param listener gets every status change, from any thread
     */
    public ProcessSupervisor(AgentId agentId, String host, Path workDir, Clock clock, Consumer<TaskStatus> listener) {
        this(agentId, host, workDir, clock, listener, Cgroups.detect(agentId));
    }

    /** As above, with the cgroup setup given (e.g. {@link Cgroups.Unavailable} to run without limits). */
    public ProcessSupervisor(AgentId agentId, String host, Path workDir, Clock clock, Consumer<TaskStatus> listener,
                             Cgroups cgroups) {
        this(agentId, host, workDir, clock, listener, cgroups, TaskUsers.agentsOwn());
    }

    /**
     * As above, running tasks as {@code users} says. When tasks run as another user, the work dir
     * and this JVM's installation (its Java, its class path) are made reachable for that user, and
     * the checkpoints (which hold the tasks' environments) private to the agent.
     */
    public ProcessSupervisor(AgentId agentId, String host, Path workDir, Clock clock, Consumer<TaskStatus> listener,
                             Cgroups cgroups, TaskUsers users) {
        this.agentId = agentId;
        this.host = host;
        this.workDir = workDir.toAbsolutePath();
        this.clock = clock;
        this.listener = listener;
        this.cgroups = cgroups;
        this.slots = new CgroupSlots(cgroups, agentId, this.workDir, SPARE_CGROUPS);
        this.checkpoints = new CheckpointStore(this.workDir);
        this.users = users;
        if (users.switching()) {
            TaskDirs.prepareWorkDir(this.workDir, users.taskUser());
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("strata-process-monitor"));
        this.pool = Executors.newCachedThreadPool(DaemonThreads.named("strata-process"));
        scheduler.scheduleWithFixedDelay(() -> ends.pollReattached(tasks.values()), REATTACHED_POLL_MILLIS,
                REATTACHED_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (cgroups.limitsEnforced()) {
            execute(slots::refill);
            log.info("process supervisor ready agent={} workDir={} limits=\"{}\"", agentId, this.workDir,
                    cgroups.describe());
        } else {
            log.warn("{}; tasks run without memory/cpu limits", cgroups.describe());
        }
        if (users.switching()) {
            log.info("tasks run as user={} agent={}", users.describe(), agentId);
            if (TaskLaunch.setpriv().isEmpty()) {
                log.warn("setpriv not found (install util-linux); tasks cannot start as user={}", users.describe());
            }
        }
        if (TaskLaunch.setsid().isEmpty()) {
            log.warn("setsid not found; tasks share the agent's session and are killed process by process");
        }
    }

    /** True when tasks run with memory (and cpu) limits; false when cgroups are unavailable. */
    public boolean limitsEnforced() {
        return cgroups.limitsEnforced();
    }

    /** The cgroup setup in one line, or why tasks run without limits. */
    public String limitsDescription() {
        return cgroups.describe();
    }

    /**
     * Asynchronously: STARTING then RUNNING (with pid) then a terminal status; or FAILED with a reason if
     * it cannot start. Returns at once. A launch of a task id that is still live is ignored (logged); an
     * ended one with the same id is replaced. A task's cpu burst is carried out by {@link CpuBursts}.
     */
    public void launch(FrameworkId frameworkId, TaskSpec spec) {
        launch(frameworkId, spec, null, null);
    }

    /**
     * As above, for a task that uses the persistent volume in {@code volume} (null: none) and may
     * use the one in {@code sharedVolume}, which another task owns (null: none).
     */
    public void launch(FrameworkId frameworkId, TaskSpec spec, Path volume, Path sharedVolume) {
        ensureOpen();
        TaskId id = spec.taskId();
        Sandbox sandbox = Sandbox.of(workDir, frameworkId, id);
        TaskStatus starting = new TaskStatus(id, frameworkId, agentId, TaskState.STARTING,
                "preparing sandbox", null, null, clock.millis());
        TaskCheckpoint checkpoint = new TaskCheckpoint(frameworkId.value(), TaskCheckpoint.SpecJson.of(spec), null,
                null, null, sandbox.dir().toString(), List.of(), TaskState.STARTING, starting.reason(), null,
                starting.timestampMillis());
        TaskProcess task = new TaskProcess(spec, sandbox, starting, checkpoint);
        TaskProcess current = tasks.compute(id, (k, old) -> old != null && !old.isEnded() ? old : task);
        if (current != task) {
            log.warn("launch ignored: task already live task={} state={}", id, current.status().state());
            return;
        }
        emit(starting);
        execute(new TaskStart(this, task, volume, sharedVolume));
    }

    /**
     * SIGTERM to the whole process tree, then SIGKILL to whatever is left after grace; ends
     * KILLED. Returns at once; false for an unknown or ended task.
     */
    public boolean kill(TaskId taskId, Duration grace) {
        ensureOpen();
        TaskProcess t = tasks.get(taskId);
        if (t == null || !t.requestKill(grace, scheduler)) {
            return false;
        }
        log.info("task kill requested task={} grace={}", taskId, ExitReason.describe(grace));
        return true;
    }

    /**
     * Called once at agent start: re-attaches to tasks whose process still runs (same pid and
     * start time) and reports RUNNING for them; the others end with their recorded exit code or
     * LOST. Ended tasks not yet forgotten are reported again. Every status is also emitted.
     */
    public List<TaskStatus> recover() {
        ensureOpen();
        List<TaskProcess> found = new TaskRecovery(this).recoverAll(checkpoints.readAll(), tasks::containsKey);
        found.forEach(t -> tasks.put(t.spec.taskId(), t));
        Set<String> named = new HashSet<>();
        tasks.values().forEach(t -> named.addAll(t.checkpoint().cgroups()));
        slots.sweep(named, this::isClosed);
        List<TaskStatus> out = found.stream().map(TaskProcess::status).toList();
        out.forEach(this::emit);
        return out;
    }

    /** Latest status of every task this supervisor knows (live ones and ended ones not yet forgotten). */
    public List<TaskStatus> statuses() {
        return tasks.values().stream().map(TaskProcess::status)
                .sorted(Comparator.comparing(TaskStatus::taskId)).toList();
    }

    public Optional<TaskStatus> status(TaskId id) {
        return Optional.ofNullable(tasks.get(id)).map(TaskProcess::status);
    }

    /** The spec of a task this supervisor knows (e.g. one found again by {@link #recover()}). */
    public Optional<TaskSpec> spec(TaskId id) {
        return Optional.ofNullable(tasks.get(id)).map(t -> t.spec);
    }

    /** Forgets an ended task's checkpoint (the sandbox stays for logs); a live task cannot be forgotten. */
    public void forget(TaskId id) {
        TaskProcess t = tasks.get(id);
        if (t == null) {
            return;
        }
        if (!t.isEnded()) {
            throw new IllegalStateException("task " + id + " is " + t.status().state() + "; kill it before forgetting it");
        }
        if (tasks.remove(id, t)) {
            forgotten.put(id, t.sandbox);
            checkpoints.delete(id);
            log.info("task forgotten task={}", id);
        }
    }

    /**
     * Reads a log: stream "stdout" or "stderr", from byte offset, at most maxBytes.
     *
     * @throws NoSuchElementException   for an unknown task
     * @throws IllegalArgumentException for another stream name, a negative offset or maxBytes &lt; 1
     */
    public LogChunk readLog(TaskId id, String stream, long offset, int maxBytes) throws IOException {
        TaskProcess t = tasks.get(id);
        if (t == null) {
            Sandbox ended = forgotten.get(id).orElseThrow(() -> new NoSuchElementException("unknown task " + id));
            return ended.read(stream, offset, maxBytes, true);
        }
        return t.sandbox.read(stream, offset, maxBytes, t.isEnded());
    }

    public Optional<Path> sandbox(TaskId id) {
        return Optional.ofNullable(tasks.get(id)).map(t -> t.sandbox.dir());
    }

    /** Kills every live task, waiting at most grace + 5 s for them to end. */
    public void killAll(Duration grace) {
        ensureOpen();
        List<TaskProcess> live = tasks.values().stream().filter(t -> !t.isEnded()).toList();
        log.info("killing all tasks count={} grace={}", live.size(), ExitReason.describe(grace));
        live.forEach(t -> t.requestKill(grace, scheduler));
        long deadline = System.nanoTime() + grace.plus(KILL_ALL_SLACK).toNanos();
        while (live.stream().anyMatch(t -> !t.isEnded()) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        List<TaskId> left = live.stream().filter(t -> !t.isEnded()).map(t -> t.spec.taskId()).toList();
        if (!left.isEmpty()) {
            log.warn("tasks still live after kill-all tasks={} waited={}", left,
                    ExitReason.describe(grace.plus(KILL_ALL_SLACK)));
        }
    }

    /** Stops the internal threads; does not kill tasks, so that a restarted agent can re-attach. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.discard();
        log.info("process supervisor closed agent={} liveTasks={}", agentId,
                tasks.values().stream().filter(t -> !t.isEnded()).count());
    }

    // ---- for TaskStart, TaskEnd, TaskRecovery, TaskCheck and CpuBursts ----
    long checkpointWrites() {
        return checkpoints.writes();
    }

    AgentId agentId() {
        return agentId;
    }

    TaskProcess task(TaskId id) {
        return tasks.get(id);
    }

    String host() {
        return host;
    }

    Cgroups cgroups() {
        return cgroups;
    }

    /** A cgroup with these limits (a spare made ahead where one is ready); empty without limits. */
    Optional<TaskCgroup> takeCgroup(Resources resources) throws IOException {
        Optional<TaskCgroup> group = slots.take(resources);
        if (group.isPresent()) {
            execute(slots::refill);
        }
        return group;
    }

    TaskUsers users() {
        return users;
    }

    IntSupplier gids() {
        return gids;
    }

    Map<String, String> agentEnv() {
        return agentEnv;
    }

    long now() {
        return clock.millis();
    }

    boolean isClosed() {
        return closed;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void execute(Runnable r) {
        try {
            pool.execute(r);
        } catch (RejectedExecutionException e) {
            log.debug("supervisor closed; dropped work");
        }
    }

    void checkpoint(TaskProcess t, TaskCheckpoint c) {
        t.checkpoint(c);
        try {
            checkpoints.write(c);
        } catch (UncheckedIOException e) {
            log.warn("checkpoint write failed task={} error={}", c.taskId(), e.getCause().getMessage());
        }
    }

    /** Moves the task to a new state: checkpoint, log, and tell the listener. */
    void transition(TaskProcess t, TaskState state, String reason, Integer exitCode, Long pid) {
        transition(t, state, reason, exitCode, pid, UnaryOperator.identity());
    }

    /** As above, with more facts for the same checkpoint write (a started task's cgroup and pid). */
    void transition(TaskProcess t, TaskState state, String reason, Integer exitCode, Long pid,
                    UnaryOperator<TaskCheckpoint> amend) {
        if (closed) {
            return;
        }
        Optional<TaskStatus> next = t.transition(state, reason, exitCode, pid, clock.millis());
        if (next.isEmpty()) {
            return;
        }
        TaskStatus s = next.get();
        TaskCheckpoint c = amend.apply(t.checkpoint());
        checkpoint(t, c.withStatus(state, reason, exitCode, s.timestampMillis()));
        if (state.isTerminal()) {
            log.info("task ended task={} state={} exitCode={} reason=\"{}\"", s.taskId(), state, exitCode, reason);
        }
        emit(s);
    }

    /** Called when the task's main process has exited (our child, or seen gone by polling). */
    void processEnded(TaskProcess t) {
        ends.processEnded(t);
    }

    private void emit(TaskStatus s) {
        try {
            listener.accept(s);
        } catch (RuntimeException e) {
            log.warn("status listener failed task={} state={} error={}", s.taskId(), s.state(), e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("process supervisor is closed");
        }
    }
}
