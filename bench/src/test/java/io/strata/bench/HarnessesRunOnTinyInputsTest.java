package io.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Each benchmark harness once on toy inputs, so that the benchmarks cannot rot between the runs
 * that publish figures. Asserts the records are sane, never the timings: this is a test suite,
 * not a benchmark.
 */
class HarnessesRunOnTinyInputsTest {

    @Test
    void allocatorRoundRunsTheDeclineOffersShapeThroughJmh() throws Exception {
        assertSane(new io.strata.bench.allocator.AllocatorRoundFigure().run(Scale.TINY),
                "allocator.round_ms.10k_agents_1k_frameworks", "ms", "lower");
    }

    @Test
    void placementRunsTheSameWorkloadThroughStrataAndYarn() throws Exception {
        Result r = io.strata.bench.placement.PlacementFigure.uniform().run(Scale.TINY);
        assertSane(r, "allocator.decisions_per_s.vs_yarn", "decisions/s", "higher");
        assertThat(r.runs()).isEqualTo(1);
        assertThat(r.load()).hasSize(2);
    }

    /** Mixed sizes, unique-per-node and ssd-only apps: both sides place every container within their rules. */
    @Test
    void mixedPlacementPlacesConstrainedAppsThroughStrataAndYarn() throws Exception {
        Result r = io.strata.bench.placement.PlacementFigure.mixed().run(Scale.TINY);
        assertSane(r, "allocator.decisions_per_s.vs_yarn_mixed", "decisions/s", "higher");
        assertThat(r.notes()).contains("refusals");
    }

    /** One agent-host JVM of 10 simulated agents over TCP; a warm-up and two measured runs, each on an empty cluster. */
    @Test
    void simulatedAgentsRunEveryTaskThroughTheRealMaster() throws Exception {
        Result r = new io.strata.bench.launch.SimulatedLaunchFigure().run(Scale.TINY);
        assertSane(r, "tasks.launch_per_s.simulated_agents", "tasks/s", "higher");
        assertThat(r.runs()).isEqualTo(2);
        assertThat(r.load()).hasSize(2);
        assertThat(r.min()).isLessThanOrEqualTo(r.value());
        assertThat(r.notes()).contains("10 simulated agents", "in 1 agent-host JVMs", "LOST updates: 0");
    }

    @Test
    void realProcessesReachRunningAndAreKilled() throws Exception {
        assertSane(new io.strata.bench.launch.RealProcessLaunchFigure().run(Scale.TINY),
                "tasks.launch_p99_ms.real_processes", "ms", "lower");
    }

    @Test
    void agentRestartReattachesToEveryRunningTaskAndKillsThemAtTheEnd() throws Exception {
        Result r = new io.strata.bench.reattach.AgentReattachFigure().run(Scale.TINY);
        assertSane(r, "agent.reattach_s.1000_tasks", "s", "lower");
        assertThat(r.runs()).isEqualTo(5);
        assertThat(r.load()).hasSize(5);
        assertThat(r.notes()).contains("every run, all of 10 tasks; lost (not RUNNING) 0, restarted (another pid) 0");
    }

    @Test
    void sparkExecutorsRegisterWithTheSameDriverOnStrataAndOnStandalone() throws Exception {
        assertSane(new io.strata.bench.spark.SparkExecutorsFigure().run(Scale.TINY),
                "spark.executors_ready_s.vs_standalone", "s", "lower");
    }

    @Test
    void sharingReplaysTheSameTraceThroughTheAllocatorSharedAndPartitionedTheSameWayEachTime() {
        Result first = new io.strata.bench.sharing.SharingFigure().run(Scale.TINY);
        assertSane(first, "sharing.speedup_vs_best_static", "x", "higher");
        assertThat(first.peerValue()).isEqualTo(1.0);
        assertThat(first.notes()).contains("30%: ", "75%: ", "best static split [");
        Result again = new io.strata.bench.sharing.SharingFigure().run(Scale.TINY);
        assertThat(again.value()).as("same seed, same outcome").isEqualTo(first.value());
    }

    /**
     * Figures 5, 6 and 9 share one toy pipeline (the IoT sample's Kafka broker and simulator source,
     * no Cassandra or Spark job) through a real node's API from start to torn down, with
     * ProducerPerformance on its broker; of the floor only the broker's format step runs (Kafka reads
     * its whole configuration there). So every API call, status field, teardown check and the
     * producer's command line and output are exercised; the floor's running servers and Spark job are
     * not (a minute or more each on this machine).
     */
    @Test
    void pipelineFiguresStartDrainAndTearDownAToyPipelineAndRunKafkasProducerOnIt() throws Exception {
        Result startup = new io.strata.bench.pipeline.PipelineStartupFigure().run(Scale.TINY);
        assertSane(startup, "pipeline.startup_s.vs_floor", "s", "lower");
        Result teardown = new io.strata.bench.pipeline.PipelineTeardownFigure().run(Scale.TINY);
        assertSane(teardown, "pipeline.teardown_s", "s", "lower");
        assertThat(teardown.peerValue()).as("the goal stands in for the peer").isEqualTo(5.0);
        assertThat(teardown.notes()).contains("processes remembered");
    }

    /**
     * Figure 9's first hop: a Strata-deployed broker, then the sensor simulator and Kafka's
     * ProducerPerformance each as a task of the source's quota for a few seconds' window, each killed
     * and seen gone, the node torn down.
     */
    @Test
    void sourceHopRunsTheSimulatorAndProducerPerformanceAsTasksIntoAStrataBroker() throws Exception {
        Result r = new io.strata.bench.pipeline.SourceEventsFigure().run(Scale.TINY);
        assertSane(r, "iot.source_events_per_s.vs_producer_perf", "events/s", "higher");
        assertThat(r.runs()).isEqualTo(1);
        assertThat(r.load()).hasSize(2);
        assertThat(r.notes()).contains("Tiny run", "none of the");
    }

    /**
     * The job hop's session on toy inputs, the Strata side only (the direct job's Spark start takes a
     * minute more): the sample's services and job through a real node, a short feed (10,000 records a
     * batch) written and measured, a latency run of a few probes, then torn down.
     */
    @Test
    void jobHopFiguresMeasureTheSamplesJobThroughStrataOnAToyBacklogAndProbes() throws Exception {
        Result events = new io.strata.bench.pipeline.JobEventsFigure().run(Scale.TINY);
        assertSane(events, "iot.job_events_per_s.vs_direct", "events/s", "higher");
        assertThat(events.runs()).isEqualTo(1);
        assertThat(events.load()).hasSize(1);
        assertThat(events.notes()).as("the job's batches are capped").contains("at most 10,000 records per micro-batch")
                .contains("with --max-offsets-per-trigger 10000");
        Result latency = new io.strata.bench.pipeline.LatencyVsDirectFigure().run(Scale.TINY);
        assertSane(latency, "pipeline.latency_p99_ms.vs_direct", "ms", "lower");
        assertThat(latency.notes()).containsPattern("\\((\\d+)/\\1 probes seen");
    }

    /** Each side's books built in a JVM of its own, which reports its live heap after a full GC. */
    @Test
    void masterHeapBuildsStrataAndYarnBooksInChildJvms() throws Exception {
        Result r = new io.strata.bench.memory.MasterHeapFigure().run(Scale.TINY);
        assertSane(r, "master.heap_mb.vs_yarn_rm", "MB", "lower");
        assertThat(r.runs()).isEqualTo(1);
        assertThat(r.notes()).contains("At 50 agents (500 tasks)");
    }

    /** Three masters and one agent in separate JVMs; the oldest master is killed with SIGKILL. */
    @Test
    void masterFailoverKillsTheMasterHostAndFindsEveryTaskRunningOnTheNewMaster() throws Exception {
        Result failover = new io.strata.bench.failover.MasterFailoverFigure().run(Scale.TINY);
        assertSane(failover, "master.failover_s", "s", "lower");
        assertThat(failover.peerValue()).as("the goal stands in for the peer").isEqualTo(5.0);
        assertThat(failover.notes()).contains("tasks running before 2 / after 2 / after the grace 2");
    }

    /**
     * Kafka and Cassandra through Strata vs raw, without servers (three brokers or two Cassandra
     * nodes take minutes to start here): each Kafka tool must print its usage on the class path the
     * full run gives it, and its summary parser reads the tool's exact output format; the Cassandra
     * workload's driver loop, key order and percentiles run against an in-memory table.
     */
    @Test
    void rawComparisonsCheckTheKafkaToolsAndParsersAndRunTheCassandraWorkloadLoop() throws Exception {
        Result produce = new io.strata.bench.raw.KafkaProduceFigure().run(Scale.TINY);
        assertSane(produce, "kafka.produce_per_s.vs_raw", "records/s", "higher");
        assertThat(produce.value()).as("the recorded ProducerPerformance summary").isEqualTo(41930.0);
        Result latency = new io.strata.bench.raw.KafkaLatencyFigure().run(Scale.TINY);
        assertSane(latency, "kafka.e2e_latency_p99_ms.vs_raw", "ms", "lower");
        assertThat(latency.value()).as("the recorded EndToEndLatency p99").isEqualTo(9.0);
        assertThat(produce.notes()).contains("fetch records/s").contains("90334");
        Result cassandra = new io.strata.bench.raw.CassandraVsRawFigure().run(Scale.TINY);
        assertSane(cassandra, "cassandra.ops_per_s.vs_raw", "ops/s", "higher");
        assertThat(cassandra.runs()).isEqualTo(1);
        assertThat(cassandra.load()).hasSize(2);
    }

    /** One agent-host JVM of 20 simulated agents over TCP; one window at 1 s and one at 5 s heartbeats. */
    @Test
    void heartbeatLoadMeasuresTheMasterWithAgentsInAnotherJvmAtBothIntervals() throws Exception {
        Result cpu = new io.strata.bench.heartbeat.HeartbeatCpuFigure().run(Scale.TINY);
        assertSane(cpu, "master.heartbeat_cpu_cores.10k_agents", "cores", "lower");
        Result lag = new io.strata.bench.heartbeat.HeartbeatLagFigure().run(Scale.TINY);
        assertSane(lag, "master.heartbeat_lag_p99_ms.10k_agents", "ms", "lower");
        assertThat(lag.notes()).contains("Tasks declared LOST: 0").contains("tasks RUNNING at the end: 200 of 200");
        assertThat(lag.runs()).isEqualTo(1);
        assertThat(lag.load()).hasSize(2);
    }

    private static void assertSane(Result r, String name, String unit, String better) {
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.unit()).isEqualTo(unit);
        assertThat(r.better()).isEqualTo(better);
        assertThat(r.value()).isNotNull().isPositive().isFinite();
        assertThat(r.peerValue()).isNotNull().isPositive().isFinite();
        assertThat(r.ratio()).isNotNull().isPositive().isFinite();
        assertThat(r.goal()).isNotBlank();
        assertThat(r.notes()).isNotBlank();
    }
}
