package io.strata.bench.pipeline;

import io.strata.bench.Load;
import io.strata.pipelines.sources.SensorReadings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One throughput run of one side of the job hop: the harness feeds the side's topic while its job
 * runs, and polls sum(count) over the side's sensors every {@link #POLL_MS}. A change of the sum is
 * a micro-batch written. The feed ({@link Supply}) keeps the topic {@code lead} events ahead of what
 * the job has written, so with the job's cap on records per micro-batch ({@link JobHopSession.Plan#cap})
 * every batch is full and they run back to back: a steady state, the same batch size on both sides.
 * Rate = events written between the first batch and the first batch ending at least {@code window}
 * later (or the one that wrote all a finite supply, if sooner) over that time. The feed then stops,
 * and the run waits until all that was fed is written, so the other side runs alone.
 */
final class JobThroughputRun {

    static final long POLL_MS = 500;

    /**
     * What a run feeds: at most {@code max} events (Long.MAX_VALUE: until the window has closed), in
     * writes of up to {@code chunk}, keeping at most {@code lead} events not yet written ahead of the job.
     */
    record Supply(long max, long lead, long chunk) {
        /** Events to write now; pure. */
        long next(long produced, long written) {
            if (produced >= max || produced - written >= lead) {
                return 0;
            }
            return Math.min(Math.min(chunk, max - produced), lead - (produced - written));
        }

        boolean finite() {
            return max != Long.MAX_VALUE;
        }
    }

    /**
     * @param side       "Strata" or "direct"
     * @param load       1-min load average at the start
     * @param eventsPerS the slope
     * @param windowS    seconds between the two batches the slope spans
     * @param batches    batches written within the window (after the first)
     * @param firstS     seconds from the feed's start to the first batch written
     * @param fed        events produced
     * @param drainedS   seconds from the feed's start until all of it was written
     */
    record Run(String side, double load, double eventsPerS, double windowS, int batches, double firstS,
               long fed, double drainedS) {
        String describe() {
            return String.format(Locale.ROOT, "%s %.0f/s (%d batches over %.1f s, %.1f s a batch; first batch after"
                    + " %.1f s; %,d events fed, all written after %.1f s; load %.1f)", side, eventsPerS, batches,
                    windowS, batches > 0 ? windowS / batches : windowS, firstS, fed, drainedS, load);
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

    static Run run(String side, JobHopFeed feed, JobHopCql cql, Supply supply, long windowNanos, long deadline,
                   Runnable alive) throws Exception {
        double load = Load.now();
        List<String> sensors = feed.sensors();
        long before = cql.written(sensors);
        AtomicLong written = new AtomicLong();
        AtomicLong produced = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
                try {
                    SensorReadings readings = feed.startOfDay();
                    while (!stop.get() && produced.get() < supply.max()) {
                        long n = supply.next(produced.get(), written.get());
                        if (n > 0) {
                            feed.write(readings, n);
                            produced.addAndGet(n);
                        } else {
                            Thread.sleep(20);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, producer);
            List<Commit> commits = new ArrayList<>();
            long last = before;
            double[] slope = null;
            while (!feeding.isDone() || last < before + produced.get()) {
                Thread.sleep(POLL_MS);
                long w = cql.written(sensors);
                long now = System.nanoTime();
                written.set(w - before);
                if (w != last) {
                    commits.add(new Commit(now, w));
                    last = w;
                }
                if (slope == null) {
                    slope = slope(commits, windowNanos, supply.finite() ? before + supply.max() : Long.MAX_VALUE);
                    if (slope != null) {
                        stop.set(true);
                    }
                }
                if (feeding.isCompletedExceptionally()) {
                    feeding.join();
                }
                alive.run();
                if (now > deadline) {
                    throw new IllegalStateException(side + ": " + (last - before) + " of " + produced.get()
                            + " events written by the deadline");
                }
            }
            feeding.join();
            double drained = (commits.get(commits.size() - 1).at() - start) / 1e9;
            if (slope == null) {
                // All of a finite supply in one batch (tiny runs): events over the time from the feed's start.
                slope = new double[] {produced.get() / drained, drained, 0};
            }
            return new Run(side, load, slope[0], slope[1], (int) slope[2], (commits.get(0).at() - start) / 1e9,
                    produced.get(), drained);
        } finally {
            stop.set(true);
            producer.shutdownNow();
        }
    }
}
