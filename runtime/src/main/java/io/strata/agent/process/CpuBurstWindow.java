package io.strata.agent.process;

import io.strata.resources.CpuBurst;

import java.util.OptionalLong;

/**
 * Which cpu quota a task's cgroup should have now, given its burst and when it was launched, and
 * when to lower it. Pure: the caller passes the times; the agent writes the quota and schedules
 * the lowering ({@link CpuBursts}).
 *
 * @param milliCpus   the quota to write now (0: no cpu limit, as for a task without cpus)
 * @param lowerAtMillis when to lower the quota to the task's own cpus; empty when nothing is left to do
 */
record CpuBurstWindow(long milliCpus, OptionalLong lowerAtMillis) {

    /**
     * @param burst         the task's burst, or null
     * @param taskMilliCpus the task's allocated cpus
     * @param launchedMillis when the burst began (the task's launch)
     * @param nowMillis     the time now
     */
    static CpuBurstWindow decide(CpuBurst burst, long taskMilliCpus, long launchedMillis, long nowMillis) {
        // A task without cpus has no quota at all, which no burst raises; a burst at or below its cpus is no burst.
        if (burst == null || taskMilliCpus <= 0 || burst.milliCpus() <= taskMilliCpus) {
            return new CpuBurstWindow(taskMilliCpus, OptionalLong.empty());
        }
        long end = launchedMillis + burst.seconds() * 1000;
        if (nowMillis >= end) {
            return new CpuBurstWindow(taskMilliCpus, OptionalLong.empty());
        }
        return new CpuBurstWindow(burst.milliCpus(), OptionalLong.of(end));
    }

    boolean bursting() {
        return lowerAtMillis.isPresent();
    }
}
