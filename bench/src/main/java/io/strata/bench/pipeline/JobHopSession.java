package io.strata.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.Stats;
import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The session both job-hop figures read ({@code iot.job_events_per_s.vs_direct} and
 * {@code pipeline.latency_p99_ms.vs_direct}), run at most once per harness JVM and scale. On a
 * {@link StrataPipelines} node: the IoT sample without its source (Kafka with a second topic for
 * the direct side, Cassandra with the sample's schema, the ReadingsByMinute job reading
 * {@code readings}); beside it the same job started directly ({@link DirectSparkJob}) reading
 * {@code readings-direct}. Then throughput runs, then latency runs, sides alternating, only one
 * side fed at a time. A tiny run has the Strata side only, on toy inputs.
 */
final class JobHopSession {

    static final String NAME = "iot-jobhop";
    static final String DIRECT_TOPIC = "readings-direct";
    static final String CAP_ARG = "--max-offsets-per-trigger";
    static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(10);

    /**
     * What a run of the session does, per scale: both jobs read at most {@code cap} records per
     * micro-batch (Spark's maxOffsetsPerTrigger, the sample's {@code --max-offsets-per-trigger}); each
     * side's warm-up run writes {@code warmEvents} at once; then the throughput pairs, each run fed
     * {@link #LEAD_BATCHES} caps ahead of the job ({@link #throughputSupply}) so that every batch is
     * full; then the latency pairs.
     */
    record Plan(boolean direct, long warmEvents, long cap, int throughputPairs, long windowNanos, int latencyPairs,
                int rate, long warmupNanos, long latencyNanos) {

        /** How many full batches the feed keeps ahead of what the job has written. */
        static final int LEAD_BATCHES = 2;

        JobThroughputRun.Supply warmSupply() {
            return new JobThroughputRun.Supply(warmEvents, warmEvents, warmEvents);
        }

        /** Fed until the window has closed, in writes of a quarter batch, {@link #LEAD_BATCHES} batches ahead. */
        JobThroughputRun.Supply throughputSupply() {
            return new JobThroughputRun.Supply(Long.MAX_VALUE, LEAD_BATCHES * cap, Math.max(1, cap / 4));
        }
    }

    static final Plan FULL = new Plan(true, 1_500_000, 500_000, 5, TimeUnit.SECONDS.toNanos(60), 5, 500,
            TimeUnit.SECONDS.toNanos(4), TimeUnit.SECONDS.toNanos(20));
    static final Plan TINY = new Plan(false, 2_000, 10_000, 1, TimeUnit.SECONDS.toNanos(5), 1, 200,
            TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(4));

    /** Runs in the order they ran; {@code setup} says what ran where. */
    record Outcome(Plan plan, List<JobThroughputRun.Run> warm, List<JobThroughputRun.Run> throughput,
                   List<LatencyRun.Run> latency, String setup) {
        List<JobThroughputRun.Run> throughput(String side) {
            return throughput.stream().filter(r -> r.side().equals(side)).toList();
        }

        List<LatencyRun.Run> latency(String side) {
            return latency.stream().filter(r -> r.side().equals(side)).toList();
        }

        Sides throughputSides() {
            return new Sides(throughput(STRATA).stream().map(JobThroughputRun.Run::eventsPerS).toList(),
                    throughput(DIRECT).stream().map(JobThroughputRun.Run::eventsPerS).toList());
        }

        Sides latencySides() {
            return new Sides(latency(STRATA).stream().map(LatencyRun.Run::p99Ms).toList(),
                    latency(DIRECT).stream().map(LatencyRun.Run::p99Ms).toList());
        }
    }

    /**
     * One figure's values per side: value = median of Strata's runs, peer = median of the direct
     * runs; a tiny run has no direct side, and its peer is the Strata value itself.
     */
    record Sides(List<Double> strata, List<Double> direct) {
        boolean tiny() {
            return direct.isEmpty();
        }

        double value() {
            return Stats.median(strata);
        }

        double peer() {
            return tiny() ? value() : Stats.median(direct);
        }

        /** The record with its spread over Strata's runs and the load at every run's start. */
        Result result(Result measured, List<Double> loads) {
            return measured.withSpread(strata.size(), Stats.min(strata), Stats.max(strata)).withLoad(loads);
        }
    }

    static final String PEER = "the same Spark job started directly (local mode, same cores, same total cpu quota),"
            + " same Kafka and Cassandra, same run";
    static final String STRATA = "Strata";
    static final String DIRECT = "direct";

    private static final Map<Scale, Outcome> DONE = new LinkedHashMap<>();

    private JobHopSession() {
    }

    static synchronized Outcome get(Scale scale) throws Exception {
        Outcome o = DONE.get(scale);
        if (o == null) {
            o = run(scale == Scale.FULL ? FULL : TINY);
            DONE.put(scale, o);
        }
        return o;
    }

    /**
     * The sample's services and job, no source; the Kafka service gets the direct side's topic too, and
     * the job {@code --max-offsets-per-trigger cap} (both sides run the job with these arguments).
     */
    static PipelineSpec spec(PipelineSpec sample, long cap) {
        Map<String, PipelineSpec.ServiceSpec> services = new LinkedHashMap<>();
        sample.services().forEach((k, s) -> {
            List<PipelineSpec.TopicSpec> topics = new ArrayList<>(s.topics());
            if (s.type() == PipelineSpec.ServiceType.KAFKA) {
                topics.add(new PipelineSpec.TopicSpec(DIRECT_TOPIC, IotSample.PARTITIONS, 1));
            }
            services.put(k, new PipelineSpec.ServiceSpec(s.key(), s.type(), s.existing(), s.config(), topics,
                    s.schema()));
        });
        Map<String, PipelineSpec.JobSpec> jobs = new LinkedHashMap<>();
        sample.jobs().forEach((k, j) -> {
            List<String> args = new ArrayList<>(j.args());
            args.addAll(List.of(CAP_ARG, String.valueOf(cap)));
            jobs.put(k, new PipelineSpec.JobSpec(j.key(), j.kind(), j.mainClass(), j.jar(), j.minExecutors(),
                    j.maxExecutors(), j.executorCores(), j.executorMemoryMb(), j.driverMemoryMb(), j.conf(), args,
                    j.input(), j.after(), j.checkpointMb()));
        });
        return new PipelineSpec(NAME, services, jobs, Map.of(), List.of(), null);
    }

    private static Outcome run(Plan plan) throws Exception {
        PipelineSpec spec = spec(IotSample.locate().spec(), plan.cap());
        PipelineSpec.JobSpec job = spec.jobs().values().iterator().next();
        CpuQuotas quotas = plan.direct() ? CpuQuotas.createLimits() : CpuQuotas.NONE;
        try (ScratchDir dir = ScratchDir.create("strata-bench-jobhop");
             SparkJars spark = SparkJars.locate();
             StrataPipelines strata = StrataPipelines.start(spark)) {
            strata.startPipeline(spec);
            try {
                JsonNode s = awaitRunning(strata);
                String bootstrap = StrataPipelines.endpoint(s, "kafka", "bootstrap");
                String contact = StrataPipelines.endpoint(s, "cassandra", "contactPoints");
                try (JobHopCql cql = JobHopCql.connect(contact);
                     JobHopFeed viaStrata = new JobHopFeed(bootstrap, IotSample.TOPIC, 0);
                     JobHopFeed direct = new JobHopFeed(bootstrap, DIRECT_TOPIC, 1000);
                     DirectSparkJob directJob = plan.direct() ? DirectSparkJob.start(spark, spec, job, bootstrap,
                             contact, DIRECT_TOPIC, dir.path().resolve("direct-job"), quotas) : null) {
                    String setup = setup(job, plan.cap(), directJob);
                    List<Side> sides = new ArrayList<>(List.of(new Side(STRATA, viaStrata, () -> { })));
                    if (directJob != null) {
                        sides.add(new Side(DIRECT, direct, directJob::checkAlive));
                    }
                    Outcome o = measure(plan, sides, cql, setup);
                    strata.rememberPids();
                    return o;
                }
            } finally {
                stop(strata);
                quotas.close();
            }
        }
    }

    private record Side(String name, JobHopFeed feed, Runnable alive) {
    }

    private static Outcome measure(Plan plan, List<Side> sides, JobHopCql cql, String setup) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        List<JobThroughputRun.Run> warm = new ArrayList<>();
        for (Side s : sides) {
            // Both queries running and warm before anything is timed.
            warm.add(JobThroughputRun.run(s.name(), s.feed(), cql, plan.warmSupply(), plan.windowNanos(), deadline,
                    s.alive()));
        }
        List<JobThroughputRun.Run> throughput = new ArrayList<>();
        for (int pair = 0; pair < plan.throughputPairs(); pair++) {
            for (Side s : sides) {
                throughput.add(JobThroughputRun.run(s.name(), s.feed(), cql, plan.throughputSupply(),
                        plan.windowNanos(), System.nanoTime() + DEADLINE_NANOS, s.alive()));
            }
        }
        List<LatencyRun.Run> latency = new ArrayList<>();
        for (int pair = 0; pair < plan.latencyPairs(); pair++) {
            for (Side s : sides) {
                latency.add(LatencyRun.run(s.name(), s.feed(), cql, plan.rate(), plan.warmupNanos(),
                        plan.latencyNanos(), s.alive()));
            }
        }
        return new Outcome(plan, warm, throughput, latency, setup);
    }

    private static String setup(PipelineSpec.JobSpec job, long cap, DirectSparkJob direct) {
        return String.format(java.util.Locale.ROOT, "Strata: the IoT sample's ReadingsByMinute job as pipeline.yaml"
                        + " runs it (driver %d MB under a %s-cpu quota, %d executor of %d cores/%d MB under a"
                        + " %s-cpu quota; 2 s trigger), reading topic readings (4 partitions) with %s %d%s",
                job.driverMemoryMb(), job.conf().get("spark.strata.driver.cpus"), job.minExecutors(),
                job.executorCores(), job.executorMemoryMb(), job.conf().get("spark.strata.executor.cpus"),
                CAP_ARG, cap, direct == null ? "; no direct side (tiny run)"
                        : "; direct: the same jar, class, arguments and Spark settings started by the harness ("
                        + direct.describe() + ") reading topic " + DIRECT_TOPIC + " (4 partitions) with its own"
                        + " consumer group and checkpoint dir");
    }

    private static JsonNode awaitRunning(StrataPipelines strata) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            JsonNode s = strata.status(NAME);
            strata.rememberPids();
            String state = s.path("state").asText();
            if (state.equals("FAILED")) {
                throw new IllegalStateException("pipeline " + NAME + " FAILED: " + s.path("reason").asText());
            }
            boolean executors = false;
            for (JsonNode j : s.path("jobs")) {
                executors = j.path("state").asText().equals("RUNNING") && j.path("executors").asInt() > 0;
            }
            if ((state.equals("RUNNING") || state.equals("DRAINED")) && executors) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline " + NAME + " not RUNNING in time: " + state + " ("
                        + s.path("reason").asText() + ")");
            }
            Thread.sleep(200);
        }
    }

    /** Stops the pipeline (data discarded) and waits until it is STOPPED and none of its processes is alive. */
    private static void stop(StrataPipelines strata) throws Exception {
        strata.rememberPids();
        strata.stopPipeline(NAME);
        long deadline = System.nanoTime() + StrataSession.TEARDOWN_DEADLINE.toNanos();
        while (!strata.status(NAME).path("state").asText().equals("STOPPED") || strata.alivePids() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline " + NAME + " not STOPPED in time (" + strata.alivePids()
                        + " processes alive)");
            }
            Thread.sleep(200);
        }
    }
}
