package io.strata.bench.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.Stats;
import io.strata.bench.pipeline.CpuQuotas;
import io.strata.bench.pipeline.DirectCassandra;
import io.strata.cassandra.CassandraExtension;
import io.strata.service.ServerDist;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cassandra through Strata vs raw: one Cassandra node deployed by Strata (POST /api/v1/cassandra,
 * {@link #CPUS} cpu, {@link #MEM_MB} MB) and the same node started directly
 * ({@link DirectCassandra#startLimited}: the framework's yaml, heap, flags and command) in cpu and
 * memory cgroups of the same size, both up at once; after one unmeasured warm-up per side,
 * alternating runs of {@link CassandraWorkload} (writes, then reads, a fixed number in flight)
 * against one side while the other idles. ops/s = (writes + reads) / (write time + read time).
 */
public final class CassandraVsRawFigure implements Figure {

    static final double CPUS = 1.0;
    static final long MEM_MB = 2048;
    static final int CONCURRENCY = 32;
    static final double GOAL = 0.95;
    private static final String SERVICE = "rawvs";

    /** One side's run: the load as it started, its write and read phases. */
    record Run(double load, CassandraWorkload.Phase writes, CassandraWorkload.Phase reads) {
        double opsPerSec() {
            return (writes.ops() + reads.ops()) / (writes.seconds() + reads.seconds());
        }
    }

    @Override
    public String name() {
        return "cassandra.ops_per_s.vs_raw";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        List<Run> strata = new ArrayList<>();
        List<Run> raw = new ArrayList<>();
        long ops = scale == Scale.FULL ? 25_000 : 2_000;
        String setup = scale == Scale.FULL ? measure(5, ops, strata, raw) : tiny(ops, strata, raw);
        return result(scale, ops, setup, strata, raw);
    }

    static String measure(int runs, long ops, List<Run> strataRuns, List<Run> rawRuns) throws Exception {
        Path dist = ServerDist.locate(CassandraExtension.class, "cassandra-dist.properties", "strata.cassandra.dist",
                "frameworks/cassandra/cassandra-dist");
        DirectCassandra direct = null;
        try (ScratchDir dir = ScratchDir.create("strata-bench-raw-cassandra");
             CpuQuotas quotas = CpuQuotas.createLimits();
             StrataServices strata = StrataServices.start(1, 2.0, 4096)) {
            try {
                ObjectNode body = new ObjectMapper().createObjectNode().put("name", SERVICE).put("nodes", 1)
                        .put("nodeCpus", CPUS).put("nodeMem", MEM_MB).put("nodeDisk", 4096);
                strata.create("cassandra", body);
                direct = DirectCassandra.startLimited(dist, dir.resolve("raw"), SERVICE, "127.0.0.2", 39400, 39442,
                        MEM_MB, quotas, CPUS);
                JsonNode status = strata.awaitReady("cassandra", SERVICE,
                        s -> StrataServices.podsReady(s, "nodes", 1) && s.path("contactPoints").size() > 0,
                        Duration.ofMinutes(6));
                direct.awaitUp(System.nanoTime() + Duration.ofMinutes(6).toNanos());
                String strataContact = status.path("contactPoints").get(0).asText();
                try (CassandraWorkload s = CassandraWorkload.connect(strataContact);
                     CassandraWorkload r = CassandraWorkload.connect(direct.contactPoint())) {
                    once(s, 0, ops / 4);
                    once(r, 0, ops / 4);
                    for (int i = 1; i <= runs; i++) {
                        strataRuns.add(once(s, i * ops, ops));
                        direct.checkAlive();
                        rawRuns.add(once(r, i * ops, ops));
                    }
                }
                return "Strata: " + strataContact + "; raw: " + direct.contactPoint();
            } finally {
                if (direct != null) {
                    direct.close();
                }
            }
        }
    }

    private static Run once(CassandraWorkload w, long first, long ops) throws InterruptedException {
        double load = Load.now();
        CassandraWorkload.Phase writes = w.writes(first, ops, CONCURRENCY);
        CassandraWorkload.Phase reads = w.reads(first, ops, CONCURRENCY);
        return new Run(load, writes, reads);
    }

    /**
     * No servers (two Cassandra nodes take minutes to start here): the workload's driver loop, key
     * order and percentiles run against an in-memory table answered on two threads, the same for both
     * sides; every key written must be read back.
     */
    private static String tiny(long ops, List<Run> strataRuns, List<Run> rawRuns) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (List<Run> side : List.of(strataRuns, rawRuns)) {
                Map<Long, byte[]> table = new ConcurrentHashMap<>();
                double load = Load.now();
                CassandraWorkload.Phase w = CassandraWorkload.run(CONCURRENCY, ops,
                        i -> CompletableFuture.runAsync(() -> table.put(i, new byte[CassandraWorkload.VALUE_BYTES]),
                                pool));
                long stride = CassandraWorkload.strideCoprimeTo(ops);
                CassandraWorkload.Phase r = CassandraWorkload.run(CONCURRENCY, ops,
                        i -> CompletableFuture.runAsync(() -> {
                            if (table.get((i * stride) % ops) == null) {
                                throw new IllegalStateException("row " + (i * stride) % ops + " missing");
                            }
                        }, pool));
                side.add(new Run(load, w, r));
            }
        } finally {
            pool.shutdownNow();
        }
        return "tiny run: no Cassandra nodes; the workload's loop against an in-memory table on 2 threads";
    }

    private Result result(Scale scale, long ops, String setup, List<Run> strata, List<Run> raw) {
        List<Double> s = strata.stream().map(Run::opsPerSec).toList();
        List<Double> r = raw.stream().map(Run::opsPerSec).toList();
        double value = Stats.median(s);
        double peer = Stats.median(r);
        List<Double> loads = new ArrayList<>();
        for (int i = 0; i < strata.size(); i++) {
            loads.add(strata.get(i).load());
            loads.add(raw.get(i).load());
        }
        String notes = String.format(Locale.ROOT, "Method: one Cassandra 5.0.6 node, %.1f cpu and %d MB, deployed"
                        + " by Strata (POST /api/v1/cassandra on a node in the harness JVM with one agent on"
                        + " 127.0.0.1) and the same node started directly from the framework's CassandraNode (same"
                        + " jars, cassandra.yaml, heap, flags) in cgroup v1 cpu (CFS quota) and memory groups of the"
                        + " same size; both up at once, one idles while the other is measured. A workload written"
                        + " with the DataStax Java driver (Cassandra's stress tool is not in the Maven registry"
                        + " served here): %,d writes of a %d-byte blob to new keys, then %,d reads of them in a"
                        + " shuffled order, %d requests always in flight, LOCAL_ONE, from the harness JVM. After one"
                        + " unmeasured warm-up per side, %d runs per side alternating Strata, raw, ...; ops/s ="
                        + " (writes + reads) / (write time + read time). Value = median of the Strata runs, peer ="
                        + " median of the raw runs; load = 1-min load average as each run started, in run order"
                        + " (Strata, raw, ...). %s. Per run ops/s: Strata %s, raw %s (raw min %.0f, max %.0f)."
                        + " Writes/s median Strata %.0f, raw %.0f; reads/s Strata %.0f, raw %.0f. p99 latency median:"
                        + " writes Strata %.2f ms, raw %.2f ms; reads Strata %.2f ms, raw %.2f ms. %s",
                CPUS, MEM_MB, ops, CassandraWorkload.VALUE_BYTES, ops, CONCURRENCY, strata.size(), setup,
                KafkaFigures.values(s, "%.0f"), KafkaFigures.values(r, "%.0f"), Stats.min(r), Stats.max(r),
                median(strata, x -> x.writes().opsPerSec()), median(raw, x -> x.writes().opsPerSec()),
                median(strata, x -> x.reads().opsPerSec()), median(raw, x -> x.reads().opsPerSec()),
                median(strata, x -> x.writes().p99Ms()), median(raw, x -> x.writes().p99Ms()),
                median(strata, x -> x.reads().p99Ms()), median(raw, x -> x.reads().p99Ms()),
                value / peer >= GOAL ? "Goal met." : MISSED);
        return Result.measured(name(), value, "ops/s", "higher",
                        "the same node started directly under the same cgroup limits", peer, ">= 0.95x raw", notes)
                .withSpread(s.size(), Stats.min(s), Stats.max(s)).withLoad(loads);
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return Stats.median(runs.stream().map(x -> f.applyAsDouble(x)).toList());
    }

    private static final String MISSED = "Goal missed. Both sides run the same jars, yaml, heap and flags under the"
            + " same cpu and memory cgroups; what differs is the agent's task wrapper (a shell that joins the cgroups"
            + " and execs the node), the sandbox's volume directory, and the loopback address each side listens on."
            + " With 1 cpu per node, CFS throttling and the other helpers' load on this 2-core machine move single"
            + " runs by more than 5 % (see min/max and load): a quieter machine and more runs per side would lift it.";
}
