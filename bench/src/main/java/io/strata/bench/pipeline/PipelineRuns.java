package io.strata.bench.pipeline;

import io.strata.bench.Load;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline runs figures 5 and 6 are read from, done at most once per harness JVM, so
 * that {@code bench/run} with both runs them once, and each figure still runs alone. Figures 5
 * and 6 read {@link #SAMPLE_RUNS} alternating pairs: the IoT sample through Strata from start to
 * its first aggregate row, then torn down; then the floor (its components started directly). After
 * them the floor once more under Strata's cpu quotas, as context. A tiny run has one toy pipeline
 * (the sample's Kafka and source only, to DRAINED) serve both, with one floor (the broker's format step).
 */
final class PipelineRuns {

    static final long TINY_PRODUCER_RECORDS = 2_000;
    /** Strata runs and floor runs of figures 5 and 6, alternating (Strata, floor, Strata, floor, ...). */
    static final int SAMPLE_RUNS = 5;

    /**
     * Figures 5 and 6's runs, in the order they ran.
     *
     * @param strata  each Strata run: start to first row (RUNNING in a tiny run), then its teardown
     * @param floors  each floor run, the one after the Strata run of the same index
     * @param limited the floor once more under Strata's cpu quotas, or null (tiny run, or no writable cpu hierarchy)
     * @param loads   the machine's 1-minute load average as each Strata run started
     */
    record Alternated(List<StrataSession.Outcome> strata, List<Floor.Times> floors, Floor.Times limited,
                      List<Double> loads) {
    }

    private static final Map<String, StrataSession.Outcome> DONE = new HashMap<>();
    private static Alternated sample;

    private PipelineRuns() {
    }

    /** The IoT sample, {@link #SAMPLE_RUNS} times each side, alternating (figures 5 and 6). */
    static synchronized Alternated sample(Scale scale) throws Exception {
        if (sample != null) {
            return sample;
        }
        boolean full = scale == Scale.FULL;
        PipelineSpec spec = full ? IotSample.locate().spec() : IotSample.tiny();
        int runs = full ? SAMPLE_RUNS : 1;
        List<StrataSession.Outcome> strata = new ArrayList<>();
        List<Floor.Times> floors = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        Floor.Times limited = null;
        try (ScratchDir dir = ScratchDir.create("strata-bench-floor");
             SparkJars spark = SparkJars.locate()) {
            for (int i = 0; i < runs; i++) {
                loads.add(Load.now());
                strata.add(full ? run(spec, 0, true) : tiny());
                floors.add(Floor.measure(spark, spec, full, dir.resolve("unlimited-" + i), CpuQuotas.NONE));
            }
            if (full) {
                try (CpuQuotas quotas = CpuQuotas.create()) {
                    if (quotas != null) {
                        limited = Floor.measure(spark, spec, true, dir.resolve("quotas"), quotas);
                    }
                }
            }
        }
        sample = new Alternated(List.copyOf(strata), List.copyOf(floors), limited, List.copyOf(loads));
        return sample;
    }

    private static StrataSession.Outcome tiny() throws Exception {
        StrataSession.Outcome o = DONE.get("tiny");
        if (o == null) {
            o = run(IotSample.tiny(), TINY_PRODUCER_RECORDS, false);
            DONE.put("tiny", o);
        }
        return o;
    }

    private static StrataSession.Outcome run(PipelineSpec spec, long producerRecords, boolean toFirstRow)
            throws Exception {
        PipelineSpec.SourceSpec source = spec.sources().values().iterator().next();
        int recordSize = ProducerPerf.simulatorRecordSize(source.sensors(), source.seed(), source.events());
        try (ScratchDir dir = ScratchDir.create("strata-bench-pipeline");
             SparkJars spark = SparkJars.locate()) {
            return StrataSession.run(spark, spec, producerRecords, recordSize, dir.path(), toFirstRow);
        }
    }
}
