package io.strata.bench.pipeline;

import io.strata.bench.Load;
import io.strata.bench.Stats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One latency run of one side: a steady background load into the side's topic and, every
 * {@link #PROBE_MS}, a probe event of a sensor never seen before (acks=all, linger 0); every
 * {@link #POLL_MS} each outstanding probe's row is asked for with a prepared statement. Latency =
 * the answer that first shows the row - the moment before the probe's send. Probes of the warm-up
 * are polled but not counted.
 */
final class LatencyRun {

    static final long PROBE_MS = 200;
    static final long POLL_MS = 50;
    static final long TAIL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * @param load    1-min load average at the start
     * @param probes  probes counted (after the warm-up)
     * @param seen    of them, seen within the tail after the window
     * @param p50Ms   of the seen probes
     */
    record Run(String side, double load, int probes, int seen, double p50Ms, double p99Ms, double maxMs) {
        String describe() {
            return String.format(Locale.ROOT, "%s p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d/%d probes seen; load"
                    + " %.1f)", side, p50Ms, p99Ms, maxMs, seen, probes, load);
        }
    }

    private LatencyRun() {
    }

    /**
     * @param rate   background events per second
     * @param warmup nanos of background load and probes not counted
     * @param window nanos of counted probes
     */
    static Run run(String side, JobHopFeed feed, JobHopCql cql, int rate, long warmup, long window,
                   Runnable alive) throws Exception {
        double load = Load.now();
        ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor();
        int perTick = Math.max(1, rate / 10);
        ScheduledFuture<?> task = loader.scheduleAtFixedRate(() -> {
            try {
                feed.background(perTick);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        Clock clock = Clock.systemUTC();
        try {
            long start = System.nanoTime();
            long countFrom = start + warmup;
            long end = countFrom + window;
            Map<String, Long> outstanding = new LinkedHashMap<>();
            Map<String, Boolean> counted = new LinkedHashMap<>();
            List<Double> latencies = new ArrayList<>();
            int probes = 0;
            long nextProbe = start;
            long[] sentAt = new long[1];
            while (true) {
                long now = System.nanoTime();
                if (now < end && now >= nextProbe) {
                    String id = feed.probe(sentAt, clock.millis());
                    outstanding.put(id, sentAt[0]);
                    boolean count = sentAt[0] >= countFrom;
                    counted.put(id, count);
                    probes += count ? 1 : 0;
                    nextProbe += TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
                }
                poll(cql, outstanding, counted, latencies);
                if (now >= end && (outstanding.isEmpty() || now > end + TAIL_NANOS)) {
                    break;
                }
                if (task.isDone()) {
                    task.get();
                }
                alive.run();
                Thread.sleep(POLL_MS);
            }
            return new Run(side, load, probes, latencies.size(), Stats.percentile(latencies, 50),
                    Stats.percentile(latencies, 99), Stats.max(latencies));
        } finally {
            task.cancel(false);
            loader.shutdownNow();
            loader.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** One round of queries, one per outstanding probe, all in flight at once. */
    private static void poll(JobHopCql cql, Map<String, Long> outstanding, Map<String, Boolean> counted,
                             List<Double> latencies) {
        Map<String, CompletableFuture<Long>> asked = new LinkedHashMap<>();
        for (String id : outstanding.keySet()) {
            asked.put(id, cql.probeSeen(id).toCompletableFuture()
                    .thenApply(seen -> seen ? System.nanoTime() : -1L));
        }
        asked.forEach((id, f) -> {
            long seenAt = f.join();
            if (seenAt >= 0) {
                long sent = outstanding.remove(id);
                if (counted.remove(id)) {
                    latencies.add((seenAt - sent) / 1e6);
                }
            }
        });
    }
}
