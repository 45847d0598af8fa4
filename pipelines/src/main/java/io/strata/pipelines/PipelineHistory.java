package io.strata.pipelines;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A pipeline's counters over the last hour for the dashboard's charts: at most one point per
 * interval, points older than the window dropped, per-second rates from each point and the one
 * before it. Kept in memory by the orchestrator only (a new orchestrator starts afresh). Pure:
 * time is passed in; not thread-safe (the actor's thread owns it).
 */
final class PipelineHistory {

    static final long INTERVAL_MILLIS = 2_000;
    static final long WINDOW_MILLIS = 3_600_000;

    /** Rates are per second since the point before (0 for the first point; null when written is unknown). */
    record Point(long t, long produced, long processed, Long written, long lag, double producedPerS,
                 double processedPerS, Double writtenPerS) {
    }

    private final long interval;
    private final long window;
    private final Deque<Point> points = new ArrayDeque<>();

    PipelineHistory() {
        this(INTERVAL_MILLIS, WINDOW_MILLIS);
    }

    PipelineHistory(long intervalMillis, long windowMillis) {
        this.interval = intervalMillis;
        this.window = windowMillis;
    }

    /** Adds a point at {@code now} unless the last one is younger than the interval; returns whether it did. */
    boolean record(long now, long produced, long processed, Long written, long lag) {
        Point last = points.peekLast();
        if (last != null && now - last.t() < interval) {
            return false;
        }
        double seconds = last == null ? 0 : (now - last.t()) / 1000.0;
        points.addLast(new Point(now, produced, processed, written, lag,
                rate(last == null ? null : last.produced(), produced, seconds),
                rate(last == null ? null : last.processed(), processed, seconds),
                written == null ? null : rate(last == null ? null : last.written(), written, seconds)));
        while (!points.isEmpty() && points.peekFirst().t() < now - window) {
            points.removeFirst();
        }
        return true;
    }

    /** Oldest first. */
    List<Point> points() {
        return new ArrayList<>(points);
    }

    /** Counters only grow; a smaller one (a topic recreated) counts as no progress, not a negative rate. */
    private static double rate(Long before, long now, double seconds) {
        if (before == null || seconds <= 0) {
            return 0;
        }
        return Math.max(0, now - before) / seconds;
    }
}
