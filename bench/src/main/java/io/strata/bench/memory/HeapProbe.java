package io.strata.bench.memory;

import io.strata.bench.placement.PlacementWorkload;
import io.strata.bench.placement.YarnRmHolding;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The child JVM of the memory figure: builds one side's books ({@code strata} or {@code yarn}) for
 * {@code agents} nodes of {@code tasks} one-core tasks each, then reports on one line the live heap
 * after a full GC before and after building them, and the process's resident set.
 * {@code java ... HeapProbe SIDE AGENTS TASKS FRAMEWORKS}.
 */
public final class HeapProbe {

    static final String PREFIX = "heap-probe:";

    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            String side = args[0];
            int agents = Integer.parseInt(args[1]);
            int tasks = Integer.parseInt(args[2]);
            int frameworks = Integer.parseInt(args[3]);
            long base = liveHeap();
            Object held;
            int count;
            if (side.equals("strata")) {
                StrataMasterHolding s = StrataMasterHolding.build(agents, tasks, frameworks);
                held = s;
                count = s.tasks();
            } else {
                // Nodes of exactly `tasks` cores, one-core containers: each node holds `tasks` containers.
                PlacementWorkload w = PlacementWorkload.uniform(agents, tasks, 1024 * tasks, frameworks,
                        agents * tasks / frameworks);
                YarnRmHolding y = YarnRmHolding.place(w);
                held = y;
                count = y.containers();
            }
            long heap = liveHeap();
            System.out.printf(Locale.ROOT, "%s side=%s held=%d base=%d heap=%d rss=%d%n", PREFIX, side, count, base,
                    heap, rssBytes());
            System.out.flush();
            // For a look inside (jcmd PID GC.class_histogram): -Dstrata.bench.heapProbe.holdSeconds=N.
            Thread.sleep(1000L * Integer.getInteger("strata.bench.heapProbe.holdSeconds", 0));
            Reference.reachabilityFence(held);
        } catch (Exception | Error e) {
            // One line on stderr: the figure puts the probe's output in the error it raises.
            System.err.println("heap probe failed: " + e);
            status = 1;
        }
        // Hadoop leaves non-daemon threads behind.
        System.exit(status);
    }

    /** Heap in use after full collections, until it stops shrinking. */
    static long liveHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= last) {
                return Math.min(used, last);
            }
            last = used;
            Thread.sleep(50);
        }
        return last;
    }

    /** VmRSS from /proc/self/status, or -1 where it cannot be read. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
