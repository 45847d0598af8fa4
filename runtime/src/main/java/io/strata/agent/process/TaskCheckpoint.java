package io.strata.agent.process;

import io.strata.resources.CpuBurst;
import io.strata.resources.FrameworkId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.Volume;

import java.util.List;
import java.util.Map;

/**
 * What the agent writes to {@code meta/tasks/<taskId>.json} so that a restarted agent can find
 * its tasks again. A plain JSON shape of its own, so the file format does not change when the
 * domain records do.
 *
 * @param pid         the wrapper's pid (the task's session leader), null before it started
 * @param startMillis the wrapper's start time ({@link ProcessHandle.Info#startInstant()})
 * @param startTicks  the same in clock ticks since boot from /proc: exact, unlike startMillis,
 *                    which each JVM derives from a boot time that may differ by a second
 * @param cgroups     the task's cgroup directories (memory first), empty when it has none
 * @param burstFromMillis when the task's cpu burst began (the supervisor's clock), null when it has none
 */
record TaskCheckpoint(String frameworkId, SpecJson spec, Long pid, Long startMillis, Long startTicks,
                      String sandbox, List<String> cgroups, TaskState state, String reason,
                      Integer exitCode, long timestampMillis, Long burstFromMillis) {

    TaskCheckpoint {
        cgroups = cgroups == null ? List.of() : List.copyOf(cgroups);
    }

    TaskCheckpoint(String frameworkId, SpecJson spec, Long pid, Long startMillis, Long startTicks, String sandbox,
                   List<String> cgroups, TaskState state, String reason, Integer exitCode, long timestampMillis) {
        this(frameworkId, spec, pid, startMillis, startTicks, sandbox, cgroups, state, reason, exitCode,
                timestampMillis, null);
    }

    TaskId taskId() {
        return TaskId.of(spec.taskId());
    }

    FrameworkId framework() {
        return FrameworkId.of(frameworkId);
    }

    TaskCheckpoint withStatus(TaskState newState, String newReason, Integer newExitCode, long at) {
        return new TaskCheckpoint(frameworkId, spec, pid, startMillis, startTicks, sandbox, cgroups, newState,
                newReason, newExitCode, at, burstFromMillis);
    }

    TaskCheckpoint withCgroup(TaskCgroup cgroup) {
        return new TaskCheckpoint(frameworkId, spec, pid, startMillis, startTicks, sandbox,
                cgroup == null ? List.of() : cgroup.paths(), state, reason, exitCode, timestampMillis, burstFromMillis);
    }

    TaskCheckpoint withProcess(long newPid, Long newStartMillis, Long newStartTicks) {
        return new TaskCheckpoint(frameworkId, spec, newPid, newStartMillis, newStartTicks, sandbox, cgroups, state,
                reason, exitCode, timestampMillis, burstFromMillis);
    }

    TaskCheckpoint withBurstFrom(Long millis) {
        return new TaskCheckpoint(frameworkId, spec, pid, startMillis, startTicks, sandbox, cgroups, state, reason,
                exitCode, timestampMillis, millis);
    }

    /**
     * A {@link TaskSpec} as JSON: ports as text ("31000-31002,8080"), cpus as milli-cpus. The
     * persistent volume is kept (a re-attached task still uses it: neither agent nor master may
     * destroy it under the running task); the files to fetch are not, as they were fetched.
     */
    record SpecJson(String taskId, String name, String command, List<String> args, Map<String, String> env,
                    long milliCpus, long memMb, long diskMb, String ports, Map<String, String> labels, String user,
                    String volumeId, Long volumeMb, Long burstMilliCpus, Long burstSeconds) {

        static SpecJson of(TaskSpec s) {
            Resources r = s.resources();
            Volume v = s.volume();
            CpuBurst b = s.cpuBurst();
            return new SpecJson(s.taskId().value(), s.name(), s.command(), s.args(), s.env(), r.milliCpus(),
                    r.memMb(), r.diskMb(), r.ports().toString(), s.labels(), s.user(),
                    v == null ? null : v.id(), v == null ? null : v.sizeMb(),
                    b == null ? null : b.milliCpus(), b == null ? null : b.seconds());
        }

        TaskSpec toSpec() {
            Volume v = volumeId == null || volumeMb == null ? null : new Volume(volumeId, volumeMb);
            CpuBurst burst = burstMilliCpus == null || burstSeconds == null ? null
                    : new CpuBurst(burstMilliCpus, burstSeconds);
            return new TaskSpec(TaskId.of(taskId), name, command, args, env,
                    new Resources(milliCpus, memMb, diskMb, PortRanges.parse(ports)), labels, null, v, user, burst);
        }
    }
}
