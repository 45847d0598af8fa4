package io.strata.bench.sharing;

import io.strata.resources.Resources;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The best static partitioning of a cluster among the four frameworks for a set of traces: the
 * partition sizes that minimise the total (so the mean) job completion time over all of them,
 * found by a search that starts from sizes proportional to each framework's demand and moves one
 * agent (or, where that does not help, two) at a time between partitions while that lowers the
 * total (steepest descent, every size at least one agent). Chosen with hindsight on the very traces it is scored on, so it is the
 * strongest static peer the traces allow short of an exhaustive search.
 */
final class BestStaticSplit {

    /** Partition sizes by framework, the total completion time over all traces, and how many splits were tried. */
    record Split(int[] sizes, long totalMs, int tried) {

        String describe() {
            return Arrays.toString(sizes).replace(" ", "");
        }
    }

    private final List<List<TraceJob>> traces;
    private final Resources agent;
    private final Map<String, Long> scored = new HashMap<>();

    BestStaticSplit(List<List<TraceJob>> traces, Resources agent) {
        this.traces = traces;
        this.agent = agent;
    }

    /**
     * Sizes proportional to each framework's dominant demand ({@code demand[f]} = cpu and memory
     * fractions, see {@link SharingTrace#demand}), largest remainder first, at least one agent each.
     */
    static int[] byDemand(double[][] demand, int agents) {
        int n = demand.length;
        double[] dominant = new double[n];
        double sum = 0;
        for (int f = 0; f < n; f++) {
            dominant[f] = Math.max(demand[f][0], demand[f][1]);
            sum += dominant[f];
        }
        int[] sizes = new int[n];
        double[] remainder = new double[n];
        int given = 0;
        for (int f = 0; f < n; f++) {
            double exact = sum == 0 ? (double) agents / n : agents * dominant[f] / sum;
            sizes[f] = Math.max(1, (int) Math.floor(exact));
            remainder[f] = exact - Math.floor(exact);
            given += sizes[f];
        }
        while (given < agents) {
            int best = 0;
            for (int f = 1; f < n; f++) {
                if (remainder[f] > remainder[best]) {
                    best = f;
                }
            }
            sizes[best]++;
            remainder[best] = -1;
            given++;
        }
        while (given > agents) { // the at-least-one rule gave too many: take from the largest
            int largest = 0;
            for (int f = 1; f < n; f++) {
                if (sizes[f] > sizes[largest]) {
                    largest = f;
                }
            }
            sizes[largest]--;
            given--;
        }
        return sizes;
    }

    /** Total completion time of all traces' jobs with these partition sizes (memoised). */
    long score(int[] sizes) {
        return scored.computeIfAbsent(Arrays.toString(sizes), k -> {
            long total = 0;
            for (List<TraceJob> trace : traces) {
                total += SharingSimulation.partitioned(trace, sizes, agent).totalMs();
            }
            return total;
        });
    }

    /**
     * Steepest descent from {@code start} by moves of one agent between two partitions; where no
     * such move helps, moves of two agents are tried before giving up, to step over small ridges.
     */
    Split search(int[] start) {
        int[] best = start.clone();
        long bestMs = score(best);
        while (true) {
            int[] next = bestMove(best, bestMs, 1);
            if (next == null) {
                next = bestMove(best, bestMs, 2);
            }
            if (next == null) {
                return new Split(best, bestMs, scored.size());
            }
            best = next;
            bestMs = score(next);
        }
    }

    /** The move of {@code step} agents from one partition to another that lowers the total most, or null. */
    private int[] bestMove(int[] from, long fromMs, int step) {
        int[] next = null;
        long nextMs = fromMs;
        for (int a = 0; a < from.length; a++) {
            for (int b = 0; b < from.length; b++) {
                if (a == b || from[a] <= step) {
                    continue;
                }
                int[] moved = from.clone();
                moved[a] -= step;
                moved[b] += step;
                long ms = score(moved);
                if (ms < nextMs) {
                    next = moved;
                    nextMs = ms;
                }
            }
        }
        return next;
    }
}
