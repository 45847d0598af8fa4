package io.strata.bench.sharing;

import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One team's scheduler in the simulation, as a Strata framework would behave: it packs as many
 * waiting tasks as fit into each offer, oldest job first, and wants offers only while it has
 * tasks waiting (suppressed otherwise, revived when a job arrives).
 */
final class SimFramework {

    /** A job of the trace while it runs: how many of its tasks were launched and have ended. */
    static final class JobRun {
        final TraceJob job;
        int launched;
        int ended;

        JobRun(TraceJob job) {
            this.job = job;
        }
    }

    /** Task {@code task} of {@code run}, launched. */
    record Launch(JobRun run, int task) {

        long durationMs() {
            return run.job.durationsMs()[task];
        }
    }

    final int index;
    final FrameworkId id;
    boolean suppressed;
    private final ArrayDeque<JobRun> waiting = new ArrayDeque<>();

    SimFramework(int index) {
        this.index = index;
        this.id = FrameworkId.of(SharingTrace.FRAMEWORKS.get(index));
    }

    void arrive(JobRun run) {
        waiting.add(run);
    }

    boolean hasWaitingTasks() {
        return !waiting.isEmpty();
    }

    /** Takes as many waiting tasks as fit into {@code free}, oldest job first. */
    List<Launch> take(Resources free) {
        List<Launch> launches = new ArrayList<>();
        long cpus = free.milliCpus();
        long mem = free.memMb();
        for (Iterator<JobRun> it = waiting.iterator(); it.hasNext(); ) {
            JobRun run = it.next();
            Resources task = run.job.task();
            long fit = Math.min(cpus / task.milliCpus(), mem / task.memMb());
            int n = (int) Math.min(fit, run.job.tasks() - run.launched);
            for (int i = 0; i < n; i++) {
                launches.add(new Launch(run, run.launched++));
            }
            cpus -= n * task.milliCpus();
            mem -= n * task.memMb();
            if (run.launched == run.job.tasks()) {
                it.remove();
            }
        }
        return launches;
    }
}
