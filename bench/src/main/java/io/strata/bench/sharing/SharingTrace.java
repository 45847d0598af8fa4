package io.strata.bench.sharing;

import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, synthetic trace of four teams' jobs arriving over time, in the spirit of the Mesos
 * paper's macrobenchmark (NSDI 2011: four frameworks, each with its own job mix, on shared versus
 * statically partitioned nodes). Sizes are for a cluster of 32 agents of 16 cpus
 * and 64 GB; {@code size} scales the task counts to other cluster sizes. Not a recorded trace.
 */
final class SharingTrace {

    /** The four teams, in the order of the static partitions they get. */
    static final List<String> FRAMEWORKS = List.of("pipeline", "etl", "experiments", "spark");

    /** The trace in words, for the notes and the README. */
    static final String DESCRIPTION = "pipeline: a micro-batch every 30 s, 32 tasks of 1 cpu/2 GB for 40 s"
            + " +-10% (steady); etl: a job every 15 min (first at 5 min, +-1 min), 600 tasks of 1 cpu/4 GB for"
            + " 90 s +-30% (bursts larger than the whole cluster); experiments: Poisson arrivals every 3 min on"
            + " average, 2^U(2,7.5) = 4-181 tasks of 2 cpus/4 GB, each job U(30,180) s +-20% per task"
            + " (heavy-tailed); spark: Poisson every 5 min, U(64,256) tasks of 1 cpu/7 GB (memory-bound),"
            + " each job U(45,120) s +-20%";

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    private SharingTrace() {
    }

    /** Every job arriving within {@code windowMs}, ordered by arrival. Same seed, same trace. */
    static List<TraceJob> generate(long seed, long windowMs, double size) {
        List<TraceJob> jobs = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        pipeline(jobs, seeds.split(), windowMs, size);
        etl(jobs, seeds.split(), windowMs, size);
        experiments(jobs, seeds.split(), windowMs, size);
        spark(jobs, seeds.split(), windowMs, size);
        jobs.sort(Comparator.comparingLong(TraceJob::arrivalMs).thenComparingInt(TraceJob::framework));
        return jobs;
    }

    private static void pipeline(List<TraceJob> jobs, SplittableRandom r, long windowMs, double size) {
        int n = 0;
        for (long t = 0; t < windowMs; t += 30 * SECOND) {
            jobs.add(job(0, n++, t, scaled(32, size), Resources.of(1, 2048), 40 * SECOND, 0.10, r));
        }
    }

    private static void etl(List<TraceJob> jobs, SplittableRandom r, long windowMs, double size) {
        int n = 0;
        for (long t = 5 * MINUTE; t < windowMs; t += 15 * MINUTE) {
            long at = Math.max(0, t + r.nextLong(-MINUTE, MINUTE + 1));
            jobs.add(job(1, n++, at, scaled(600, size), Resources.of(1, 4096), 90 * SECOND, 0.30, r));
        }
    }

    private static void experiments(List<TraceJob> jobs, SplittableRandom r, long windowMs, double size) {
        int n = 0;
        for (long t = exponential(r, 3 * MINUTE); t < windowMs; t += exponential(r, 3 * MINUTE)) {
            int tasks = scaled((int) Math.round(Math.pow(2, r.nextDouble(2, 7.5))), size);
            long base = r.nextLong(30 * SECOND, 180 * SECOND + 1);
            jobs.add(job(2, n++, t, tasks, Resources.of(2, 4096), base, 0.20, r));
        }
    }

    private static void spark(List<TraceJob> jobs, SplittableRandom r, long windowMs, double size) {
        int n = 0;
        for (long t = exponential(r, 5 * MINUTE); t < windowMs; t += exponential(r, 5 * MINUTE)) {
            int tasks = scaled(r.nextInt(64, 257), size);
            long base = r.nextLong(45 * SECOND, 120 * SECOND + 1);
            jobs.add(job(3, n++, t, tasks, Resources.of(1, 7168), base, 0.20, r));
        }
    }

    /** A job whose tasks last {@code baseMs} each, give or take {@code spread} of it. */
    private static TraceJob job(int framework, int number, long arrivalMs, int tasks, Resources task, long baseMs,
                                double spread, SplittableRandom r) {
        long[] durations = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            durations[i] = Math.round(baseMs * (1 + r.nextDouble(-spread, spread)));
        }
        return new TraceJob(framework, number, arrivalMs, task, durations);
    }

    /**
     * The same jobs with every arrival time multiplied by {@code stretch}: arrival rates divided by
     * it, so the offered load too; sizes and durations unchanged.
     */
    static List<TraceJob> stretched(List<TraceJob> jobs, double stretch) {
        List<TraceJob> out = new ArrayList<>(jobs.size());
        for (TraceJob j : jobs) {
            out.add(new TraceJob(j.framework(), j.number(), Math.round(j.arrivalMs() * stretch), j.task(),
                    j.durationsMs()));
        }
        return out;
    }

    /**
     * Each framework's demand as fractions of {@code capacity} over {@code windowMs}: [f][0] cpu,
     * [f][1] memory (task resources times task durations, divided by capacity times window).
     */
    static double[][] demand(List<TraceJob> jobs, Resources capacity, long windowMs) {
        double[][] d = new double[FRAMEWORKS.size()][2];
        for (TraceJob j : jobs) {
            long ms = 0;
            for (long t : j.durationsMs()) {
                ms += t;
            }
            d[j.framework()][0] += (double) j.task().milliCpus() * ms / ((double) capacity.milliCpus() * windowMs);
            d[j.framework()][1] += (double) j.task().memMb() * ms / ((double) capacity.memMb() * windowMs);
        }
        return d;
    }

    /** The offered load of the busiest resource: the larger of the cpu and memory sums of {@link #demand}. */
    static double utilisation(double[][] demand) {
        double cpu = 0;
        double mem = 0;
        for (double[] f : demand) {
            cpu += f[0];
            mem += f[1];
        }
        return Math.max(cpu, mem);
    }

    private static int scaled(int tasks, double size) {
        return Math.max(1, (int) Math.round(tasks * size));
    }

    private static long exponential(SplittableRandom r, long meanMs) {
        return Math.round(-meanMs * Math.log(1 - r.nextDouble()));
    }
}
