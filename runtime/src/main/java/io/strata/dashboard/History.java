package io.strata.dashboard;

import io.strata.adhoc.AdhocProtocol;
import io.strata.protocol.ClusterState;
import io.strata.resources.TaskState;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's resources and tasks over the last hour, one point per interval, for the dashboard's
 * charts. Pure: the node's sampler hands it each snapshot with the time it was taken; a snapshot
 * within one interval of the last kept point is not kept. One ring per master node, in memory, so a
 * node that starts begins with an empty hour.
 */
public final class History {

    /**
     * One sample: used and total of the active agents, and how many tasks are in each state
     * (waiting ad-hoc tasks count as PENDING).
     */
    public record Point(long t, double cpusUsed, double cpusTotal, long memUsedMb, long memTotalMb, long diskUsedMb,
                        long diskTotalMb, Map<String, Integer> tasks) {

        public Point {
            tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        }

        static Point of(ClusterState state, AdhocProtocol.PendingList pending, long atMillis) {
            long cpusUsed = 0;
            long cpusTotal = 0;
            long memUsed = 0;
            long memTotal = 0;
            long diskUsed = 0;
            long diskTotal = 0;
            for (ClusterState.AgentView a : state.agents()) {
                if (!a.active()) {
                    continue;
                }
                cpusUsed += a.used().milliCpus();
                cpusTotal += a.total().milliCpus();
                memUsed += a.used().memMb();
                memTotal += a.total().memMb();
                diskUsed += a.used().diskMb();
                diskTotal += a.total().diskMb();
            }
            Map<String, Integer> tasks = new LinkedHashMap<>();
            for (TaskState s : TaskState.values()) {
                tasks.put(s.name(), 0);
            }
            state.tasks().forEach(t -> tasks.merge(t.status().state().name(), 1, Integer::sum));
            if (pending != null) {
                tasks.merge(TaskState.PENDING.name(), pending.tasks().size(), Integer::sum);
            }
            return new Point(atMillis, cpusUsed / 1000.0, cpusTotal / 1000.0, memUsed, memTotal, diskUsed, diskTotal, tasks);
        }
    }

    private final Duration interval;
    private final Duration window;
    private final Deque<Point> points = new ArrayDeque<>();

    public History(Duration interval, Duration window) {
        if (interval.isZero() || interval.isNegative() || window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("history needs an interval > 0 within its window, got interval "
                    + interval + " and window " + window);
        }
        this.interval = interval;
        this.window = window;
    }

    public Duration interval() {
        return interval;
    }

    /** Keeps a point for this snapshot unless the last one is less than an interval old; returns the kept point. */
    public java.util.Optional<Point> sample(ClusterState state, AdhocProtocol.PendingList pending, long nowMillis) {
        Point last = points.peekLast();
        // A little slack: a sampler that ticks every interval must not skip every other tick for a late millisecond.
        if (last != null && nowMillis - last.t() < interval.toMillis() - interval.toMillis() / 10) {
            return java.util.Optional.empty();
        }
        Point p = Point.of(state, pending, nowMillis);
        points.addLast(p);
        while (!points.isEmpty() && points.peekFirst().t() <= nowMillis - window.toMillis()) {
            points.removeFirst();
        }
        return java.util.Optional.of(p);
    }

    /** The points taken in the last {@code span} before {@code nowMillis}, oldest first. */
    public List<Point> since(Duration span, long nowMillis) {
        long from = nowMillis - span.toMillis();
        List<Point> out = new ArrayList<>();
        for (Point p : points) {
            if (p.t() > from) {
                out.add(p);
            }
        }
        return out;
    }

    public int size() {
        return points.size();
    }
}
