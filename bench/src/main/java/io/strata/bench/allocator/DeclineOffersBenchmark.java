package io.strata.bench.allocator;

import io.strata.resources.Offer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One allocation pass of the DeclineOffers shape per JMH iteration (single shot: a round's state
 * depends on every round before it, so rounds cannot be repeated or batched). Declining the
 * previous round's offers happens in the iteration set-up, untimed, as in Mesos' benchmark.
 *
 * <p>Warm-up iterations run on a throw-away cluster; the first measurement iteration starts a
 * fresh one, so the measured iterations are exactly rounds 0, 1, 2, ... of one cluster. The
 * thread's CPU time of each measured pass goes to {@code strata.bench.cpuLog} when set: on a
 * shared machine wall time also counts the neighbours, CPU time does not. Each line also counts
 * the garbage collections that ran during the pass, so a slow round can be told from a GC pause.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DeclineOffersBenchmark {

    public static final String CPU_LOG = "strata.bench.cpuLog";

    @Param("10000")
    public int agents;
    @Param("1000")
    public int frameworks;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<String> perRound = new ArrayList<>();
    private DeclineOffersCluster cluster;
    private boolean measuring;
    private long cpuAtStart;
    private long gcsAtStart;

    @Setup(Level.Iteration)
    public void declinePreviousRound(IterationParams iteration) {
        boolean measurement = iteration.getType() == IterationType.MEASUREMENT;
        if (cluster == null || (measurement && !measuring)) {
            cluster = null; // the warm-up cluster's ~1 GB of filters can go before the next one is built
            cluster = new DeclineOffersCluster(agents, frameworks);
            measuring = measurement;
        }
        cluster.declineLastOffers();
        gcsAtStart = collections();
        cpuAtStart = threads.getCurrentThreadCpuTime();
    }

    @Benchmark
    public List<Offer> allocationPass() {
        return cluster.allocate();
    }

    @TearDown(Level.Iteration)
    public void recordCpu() {
        if (measuring) {
            long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
            perRound.add(cpu + " " + (collections() - gcsAtStart));
        }
    }

    @TearDown(Level.Trial)
    public void writeCpuLog() throws IOException {
        String log = System.getProperty(CPU_LOG);
        if (log != null) {
            Files.writeString(Path.of(log), String.join("\n", perRound));
        }
    }

    private long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
