package io.strata.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One pipeline through Strata from start to nothing left: starts a {@link StrataPipelines} node,
 * starts the pipeline as the CLI does, watches it to its first aggregate row or to DRAINED (every
 * 200 ms: its status, its tasks' pids and, once its schema is applied, the first aggregate row in
 * its Cassandra), optionally runs
 * Kafka's ProducerPerformance against its brokers, stops it and watches until it is STOPPED, every
 * agent has nothing in use and no process it ran is alive.
 */
final class StrataSession {

    static final Duration DRAIN_DEADLINE = Duration.ofMinutes(20);
    static final Duration TEARDOWN_DEADLINE = Duration.ofMinutes(3);
    private static final long POLL_MS = 200;
    private static final long TEARDOWN_POLL_MS = 100;
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "KILLED", "LOST");

    /**
     * @param start     from just before the jar upload (what {@code strata pipeline start} does first)
     * @param drained   the status once DRAINED
     * @param teardown  from just before the stop request
     * @param stopped   the status once STOPPED
     * @param producer  Kafka's ProducerPerformance on the pipeline's brokers after it drained, or null
     * @param pids      task processes (and descendants) seen during the run
     */
    record Outcome(Milestones start, JsonNode drained, Milestones teardown, JsonNode stopped,
                   ProducerPerf.Result producer, int pids) {

        /** Seconds between two timestamps of a status (the orchestrator's own clock). */
        static double seconds(JsonNode status, String from, String to) {
            return (Instant.parse(status.path(to).asText()).toEpochMilli()
                    - Instant.parse(status.path(from).asText()).toEpochMilli()) / 1000.0;
        }
    }

    private StrataSession() {
    }

    /**
     * @param toFirstRow stop once the first aggregate row is seen (figures 5 and 6: a start, then the teardown of
     *                   the running pipeline) rather than once DRAINED; {@code drained} is then the status at that
     *                   moment
     */
    static Outcome run(SparkJars spark, PipelineSpec spec, long producerRecords, int recordSize, Path scratch,
                       boolean toFirstRow) throws Exception {
        try (StrataPipelines strata = StrataPipelines.start(spark)) {
            String name = spec.name();
            Milestones start = new Milestones(System.nanoTime());
            strata.startPipeline(spec);
            start.mark("accepted", true);
            JsonNode drained = watchStart(strata, name, start, toFirstRow);

            ProducerPerf.Result producer = null;
            if (producerRecords > 0) {
                producer = ProducerPerf.run(IotSample.locate().kafkaTools(),
                        StrataPipelines.endpoint(drained, "kafka", "bootstrap"), producerRecords, recordSize,
                        scratch.resolve("producer-perf"));
            }

            strata.rememberPids();
            Milestones teardown = new Milestones(System.nanoTime());
            strata.stopPipeline(name);
            JsonNode stopped = watchTeardown(strata, name, teardown);
            return new Outcome(start, drained, teardown, stopped, producer, strata.rememberedPids());
        }
    }

    private static JsonNode watchStart(StrataPipelines strata, String name, Milestones m, boolean toFirstRow)
            throws Exception {
        long deadline = System.nanoTime() + DRAIN_DEADLINE.toNanos();
        Cql cql = null;
        try {
            while (true) {
                JsonNode s = strata.status(name);
                strata.rememberPids();
                if (s.path("state").asText().equals("FAILED")) {
                    throw new IllegalStateException("pipeline " + name + " FAILED: " + s.path("reason").asText()
                            + "; seen: " + m);
                }
                for (JsonNode svc : s.path("services")) {
                    String type = svc.path("type").asText();
                    m.mark(type + " RUNNING", svc.path("state").asText().equals("RUNNING"));
                    m.mark("topics created", svc.path("topics_ready").asBoolean(false));
                    m.mark("schema applied", svc.path("schema_applied").asBoolean(false));
                }
                for (JsonNode j : s.path("jobs")) {
                    m.mark("job submitted", !j.path("submission").isNull());
                    m.mark("job RUNNING with executors", j.path("state").asText().equals("RUNNING")
                            && j.path("executors").asInt() > 0);
                }
                for (JsonNode src : s.path("sources")) {
                    m.mark("source submitted", !src.path("task").isNull());
                    m.mark("source RUNNING", src.path("state").asText().equals("RUNNING")
                            || src.path("state").asText().equals("FINISHED"));
                    m.mark("source FINISHED", src.path("state").asText().equals("FINISHED"));
                }
                m.mark("RUNNING", !s.path("running_at").isNull());
                long produced = s.path("events_produced").asLong();
                m.mark("all events written", s.path("events_written").isNumber() && produced > 0
                        && s.path("events_written").asLong() >= produced && m.has("source FINISHED"));
                if (m.has("schema applied") && !m.has("first row")) {
                    if (cql == null) {
                        cql = Cql.connect(StrataPipelines.endpoint(s, "cassandra", "contactPoints"));
                    }
                    m.mark("first row", cql.hasAggregateRow());
                }
                if (toFirstRow && m.has("first row")) {
                    return s;
                }
                if (s.path("state").asText().equals("DRAINED")) {
                    m.mark("DRAINED", true);
                    return s;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline " + name + " not DRAINED within "
                            + DRAIN_DEADLINE.toMinutes() + " min: " + s.path("state").asText() + " ("
                            + s.path("reason").asText() + "); seen: " + m);
                }
                Thread.sleep(POLL_MS);
            }
        } finally {
            if (cql != null) {
                cql.close();
            }
        }
    }

    private static JsonNode watchTeardown(StrataPipelines strata, String name, Milestones m) throws Exception {
        long deadline = System.nanoTime() + TEARDOWN_DEADLINE.toNanos();
        while (true) {
            JsonNode s = strata.status(name);
            boolean stopped = s.path("state").asText().equals("STOPPED");
            for (JsonNode j : s.path("jobs")) {
                m.mark("job ended", TERMINAL.contains(j.path("state").asText()));
            }
            for (JsonNode svc : s.path("services")) {
                m.mark(svc.path("type").asText() + " deleted", svc.path("state").asText().equals("DELETED"));
            }
            boolean free = strata.allResourcesFree();
            boolean gone = strata.alivePids() == 0;
            m.mark("STOPPED", stopped);
            m.mark("resources free", free);
            m.mark("no process left", gone);
            if (stopped && free && gone) {
                m.mark("all three", true);
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline " + name + " not torn down within "
                        + TEARDOWN_DEADLINE.toSeconds() + " s (" + strata.alivePids() + " processes alive); seen: "
                        + m);
            }
            Thread.sleep(TEARDOWN_POLL_MS);
        }
    }
}
