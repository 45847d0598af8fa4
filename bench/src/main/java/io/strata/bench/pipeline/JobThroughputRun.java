package io.strata.bench.pipeline;

import io.strata.bench.Load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One throughput run of one side of the job hop: the harness writes a backlog into the side's
 * topic while its job runs, and polls sum(count) over the side's sensors every {@link #POLL_MS}.
 * A change of the sum is a micro-batch written. Rate = events written between the first batch
 * and the first batch ending at least {@code window} later (or the one that wrote the whole
 * backlog, if sooner) over that time: the job is busy throughout, micro-batches back to back.
 * The run then waits until the whole backlog is written, so the other side runs alone. The job's
 * cap on records per micro-batch ({@link JobHopSession.Plan#cap}) keeps the batches the same size
 * on both sides, so the slope is a steady state's, not how Spark happens to split a backlog.
 */
final class JobThroughputRun {

    static final long POLL_MS = 500;

    /**
     * @param side       "Strata" or "direct"
     * @param load       1-min load average at the start
     * @param eventsPerS the slope
     * @param windowS    seconds between the two batches the slope spans
     * @param batches    batches written within the window (after the first)
     * @param firstS     seconds from the backlog's start to the first batch written
     * @param backlog    events produced
     * @param drainedS   seconds from the backlog's start until all of it was written
     */
    record Run(String side, double load, double eventsPerS, double windowS, int batches, double firstS,
               long backlog, double drainedS) {
        String describe() {
            return String.format(Locale.ROOT, "%s %.0f/s (%d batches over %.1f s, %.1f s a batch; first batch after"
                    + " %.1f s; %,d events all written after %.1f s; load %.1f)", side, eventsPerS, batches, windowS,
                    batches > 0 ? windowS / batches : windowS, firstS, backlog, drainedS, load);
        }
    }

    /** A batch written: when (nanos) and the side's sum(count) then. */
    record Commit(long at, long written) {
    }

    /** The slope of {@link #run}; pure. Null until the commits span the window or reach {@code target}. */
    static double[] slope(List<Commit> commits, long windowNanos, long target) {
        if (commits.isEmpty()) {
            return null;
        }
        Commit first = commits.get(0);
        for (int i = 1; i < commits.size(); i++) {
            Commit c = commits.get(i);
            if (c.at() - first.at() >= windowNanos || c.written() >= target) {
                double seconds = (c.at() - first.at()) / 1e9;
                return new double[] {(c.written() - first.written()) / seconds, seconds, i};
            }
        }
        return null;
    }

    private JobThroughputRun() {
    }

    static Run run(String side, JobHopFeed feed, JobHopCql cql, long backlog, long windowNanos, long deadline,
                   Runnable alive) throws Exception {
        double load = Load.now();
        List<String> sensors = feed.sensors();
        long before = cql.written(sensors);
        long target = before + backlog;
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
                try {
                    feed.backlog(backlog);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, producer);
            List<Commit> commits = new ArrayList<>();
            long last = before;
            double[] slope = null;
            while (last < target) {
                Thread.sleep(POLL_MS);
                long w = cql.written(sensors);
                long now = System.nanoTime();
                if (w != last) {
                    commits.add(new Commit(now, w));
                    last = w;
                }
                if (slope == null) {
                    slope = slope(commits, windowNanos, target);
                }
                if (produced.isCompletedExceptionally()) {
                    produced.join();
                }
                alive.run();
                if (now > deadline) {
                    throw new IllegalStateException(side + ": " + (last - before) + " of " + backlog
                            + " events written by the deadline");
                }
            }
            produced.join();
            double drained = (commits.get(commits.size() - 1).at() - start) / 1e9;
            if (slope == null) {
                // The whole backlog in one batch (tiny backlogs): events over the time from the backlog's start.
                slope = new double[] {backlog / drained, drained, 0};
            }
            return new Run(side, load, slope[0], slope[1], (int) slope[2], (commits.get(0).at() - start) / 1e9,
                    backlog, drained);
        } finally {
            producer.shutdownNow();
        }
    }
}
