package io.strata.spark;

import io.strata.spark.SparkProtocol.ExecutorCount;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An application's executor count over the last hour for the dashboard: at most one point per
 * interval, older points dropped. In memory only (a new Spark singleton starts afresh). Pure: time
 * is passed in; the framework actor's thread owns it.
 */
final class ExecutorHistory {

    static final long INTERVAL_MILLIS = 2_000;
    static final long WINDOW_MILLIS = 3_600_000;

    private final Deque<ExecutorCount> points = new ArrayDeque<>();

    /** Adds a point at {@code now} unless the last one is younger than the interval; returns whether it did. */
    boolean record(long now, int running, int target) {
        ExecutorCount last = points.peekLast();
        if (last != null && now - last.t() < INTERVAL_MILLIS) {
            return false;
        }
        points.addLast(new ExecutorCount(now, running, target));
        while (points.peekFirst().t() < now - WINDOW_MILLIS) {
            points.removeFirst();
        }
        return true;
    }

    /** Oldest first. */
    List<ExecutorCount> points() {
        return new ArrayList<>(points);
    }
}
