package io.strata.resources;

/**
 * More cpu for a task while it starts: its cgroup's cpu quota is {@code milliCpus} for the first
 * {@code seconds} after launch, then the task's own cpus. The allocator counts only the task's
 * cpus; the burst borrows cpu the agent's other tasks leave idle (a task without a quota could
 * do the same), which is what a JVM starting up (class loading, JIT) needs for its first minute.
 *
 * @param milliCpus the quota while the burst lasts, in milli-cpus (1000 = one whole cpu)
 * @param seconds   how long after launch the burst lasts
 */
public record CpuBurst(long milliCpus, long seconds) {

    public CpuBurst {
        if (milliCpus <= 0) {
            throw new IllegalArgumentException("cpu burst: cpus must be > 0, got " + milliCpus / 1000.0);
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("cpu burst: seconds must be > 0, got " + seconds);
        }
    }

    public static CpuBurst of(double cpus, long seconds) {
        return new CpuBurst(Resources.milliCpus(cpus), seconds);
    }

    @Override
    public String toString() {
        return Resources.formatCpus(milliCpus) + " cpus for " + seconds + "s";
    }
}
