package io.strata.bench.pipeline;

import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * The pipeline runs figures 5, 6 and 9 are read from, each done at most once per harness JVM, so
 * that {@code bench/run} with all three runs two pipelines, not three, and each figure still runs
 * alone. Figures 5 and 6 read the IoT sample as it is (startup, then its teardown once drained);
 * figure 9 the sample with a large event count. A tiny run has one toy pipeline (the sample's
 * Kafka and source only) serve all three.
 */
final class PipelineRuns {

    /** Events of figure 9's pipeline: 1-2 minutes at the end-to-end rates measured here. */
    static final long HEAVY_EVENTS = 1_000_000;
    static final long TINY_PRODUCER_RECORDS = 2_000;

    private static final Map<String, StrataSession.Outcome> DONE = new HashMap<>();

    private PipelineRuns() {
    }

    /** The IoT sample from start to drained to torn down (figures 5 and 6). */
    static synchronized StrataSession.Outcome sample(Scale scale) throws Exception {
        if (scale == Scale.TINY) {
            return tiny();
        }
        StrataSession.Outcome o = DONE.get("sample");
        if (o == null) {
            o = run(IotSample.locate().spec(), 0);
            DONE.put("sample", o);
        }
        return o;
    }

    /** The sample with {@link #HEAVY_EVENTS} events, then ProducerPerformance on its brokers (figure 9). */
    static synchronized StrataSession.Outcome heavy(Scale scale) throws Exception {
        if (scale == Scale.TINY) {
            return tiny();
        }
        StrataSession.Outcome o = DONE.get("heavy");
        if (o == null) {
            o = run(IotSample.locate().spec(HEAVY_EVENTS), HEAVY_EVENTS);
            DONE.put("heavy", o);
        }
        return o;
    }

    private static StrataSession.Outcome tiny() throws Exception {
        StrataSession.Outcome o = DONE.get("tiny");
        if (o == null) {
            o = run(IotSample.tiny(), TINY_PRODUCER_RECORDS);
            DONE.put("tiny", o);
        }
        return o;
    }

    private static StrataSession.Outcome run(PipelineSpec spec, long producerRecords) throws Exception {
        PipelineSpec.SourceSpec source = spec.sources().values().iterator().next();
        int recordSize = ProducerPerf.simulatorRecordSize(source.sensors(), source.seed(), source.events());
        try (ScratchDir dir = ScratchDir.create("strata-bench-pipeline");
             SparkJars spark = SparkJars.locate()) {
            return StrataSession.run(spark, spec, producerRecords, recordSize, dir.path());
        }
    }
}
