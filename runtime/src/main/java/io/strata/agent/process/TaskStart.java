package io.strata.agent.process;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starting one task, on a pool thread: sandbox, command lookup, cgroup, process, then its one
 * checkpoint write (with the pid) as it turns RUNNING.
 * Each step that can fail ends the task FAILED with the reason; nothing is left behind.
 */
final class TaskStart implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TaskStart.class);

    private final ProcessSupervisor supervisor;
    private final TaskProcess task;
    private final TaskId id;
    /** The task's persistent volume, or null. */
    private final Path volume;
    /** Another task's volume this task may use, or null. */
    private final Path sharedVolume;

    TaskStart(ProcessSupervisor supervisor, TaskProcess task, Path volume, Path sharedVolume) {
        this.supervisor = supervisor;
        this.task = task;
        this.id = task.spec.taskId();
        this.volume = volume;
        this.sharedVolume = sharedVolume;
    }

    @Override
    public void run() {
        if (supervisor.isClosed()) {
            return;
        }
        try {
            start();
        } catch (RuntimeException e) {
            log.error("task start failed unexpectedly task={}", id, e);
            fail("internal error while starting: " + e);
        }
    }

    private void start() {
        TaskSpec spec = task.spec;
        Optional<UnixUser> user;
        try {
            user = supervisor.users().forTask(spec);
        } catch (IllegalArgumentException e) {
            fail("refused: " + e.getMessage());
            return;
        }
        try {
            task.sandbox.prepare(spec.files());
        } catch (IOException e) {
            fail("cannot create sandbox " + task.sandbox.dir() + ": " + CgroupFiles.why(e));
            return;
        }
        TaskLaunch.RunAs runAs = null;
        if (user.isPresent()) {
            try {
                runAs = runAs(user.get());
            } catch (IOException e) {
                fail("cannot give the sandbox or volume to user " + user.get().name() + ": " + CgroupFiles.why(e));
                return;
            }
        }
        TaskLaunch.Context context = new TaskLaunch.Context(supervisor.agentId(), supervisor.host(),
                task.status().frameworkId(), spec, task.sandbox, supervisor.agentEnv(), runAs);
        Optional<Path> program = TaskLaunch.program(context);
        if (program.isEmpty()) {
            fail("command not found: " + spec.command());
            return;
        }
        long launched = supervisor.now();
        CpuBurstWindow burst = CpuBurstWindow.decide(spec.cpuBurst(), spec.resources().milliCpus(), launched, launched);
        Resources r = spec.resources();
        TaskCgroup cgroup;
        try {
            cgroup = supervisor.takeCgroup(new Resources(burst.milliCpus(), r.memMb(), r.diskMb(), r.ports()))
                    .orElse(null);
        } catch (IOException e) {
            fail(e.getMessage());
            return;
        }
        task.cgroup(cgroup);
        if (task.killedBeforeStart()) {
            CgroupSlots.remove(id, cgroup, supervisor::isClosed);
            supervisor.transition(task, TaskState.KILLED, "killed on request before it started", null, null);
            return;
        }
        TaskLaunch launch = TaskLaunch.of(context, program.get(), cgroup == null ? List.of() : cgroup.procsFiles());
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(launch.argv())
                    .directory(launch.workingDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(task.sandbox.log(Sandbox.STDOUT).toFile())
                    .redirectError(task.sandbox.log(Sandbox.STDERR).toFile());
            pb.environment().clear();
            pb.environment().putAll(launch.environment());
            process = pb.start();
        } catch (IOException e) {
            CgroupSlots.remove(id, cgroup, supervisor::isClosed);
            fail("cannot start " + program.get() + ": " + e.getMessage());
            return;
        }
        long pid = process.pid();
        Long startTicks = ProcStat.read(pid).map(ProcStat::startTicks).orElse(null);
        Long startMillis = process.info().startInstant().map(Instant::toEpochMilli).orElse(null);
        task.attach(process, new ProcessTree(pid, startTicks, cgroup), supervisor.scheduler());
        log.info("task started task={} framework={} pid={} command={} sandbox={} cgroup={} user={} cpuBurst={}", id,
                task.status().frameworkId(), pid, program.get(), task.sandbox.dir(), cgroup == null ? "none" : cgroup,
                runAs == null ? "agent's own" : runAs.user().name(),
                burst.bursting() && cgroup != null ? "\"" + spec.cpuBurst() + "\"" : "none");
        // The launch's one checkpoint write: cgroup, pid and RUNNING together. A stop of the agent before it
        // leaves a task no checkpoint names; the next agent kills it by its cgroup (CgroupSlots.sweep).
        supervisor.transition(task, TaskState.RUNNING, "running as pid " + pid, null, pid,
                c -> c.withCgroup(cgroup).withProcess(pid, startMillis, startTicks)
                        .withBurstFrom(burst.bursting() && cgroup != null ? launched : null));
        CpuBursts.schedule(supervisor, task, cgroup, burst);
        process.onExit().thenRun(() -> supervisor.execute(() -> supervisor.processEnded(task)));
    }

    /** The sandbox (and volume) made the task's own: its user, a group each, no one else. */
    private TaskLaunch.RunAs runAs(UnixUser user) throws IOException {
        int sandboxGroup = TaskDirs.claim(task.sandbox.dir(), user, supervisor.gids(), TaskDirs.SANDBOX_MODE);
        task.sandbox.holdExitFile();
        List<Integer> groups = new ArrayList<>(List.of(user.gid()));
        if (volume != null) {
            groups.add(TaskDirs.claim(volume, user, supervisor.gids(), TaskDirs.VOLUME_MODE));
        }
        if (sharedVolume != null) {
            // Its owner is running and writing: join its group, change nothing in it.
            int group = TaskDirs.gid(sharedVolume);
            if (!TaskDirs.isTaskGroup(group)) {
                throw new IOException("volume " + sharedVolume.getFileName() + " has no task group yet (its owner has not "
                        + "started)");
            }
            groups.add(group);
        }
        return new TaskLaunch.RunAs(user, sandboxGroup, groups);
    }

    private void fail(String reason) {
        supervisor.transition(task, TaskState.FAILED, reason, null, null);
    }
}
