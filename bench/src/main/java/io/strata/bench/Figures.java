package io.strata.bench;

import io.strata.bench.allocator.AllocatorRoundFigure;
import io.strata.bench.allocator.EarlyRoundsFigure;
import io.strata.bench.failover.MasterFailoverFigure;
import io.strata.bench.heartbeat.HeartbeatCpuFigure;
import io.strata.bench.heartbeat.HeartbeatLagFigure;
import io.strata.bench.launch.RealProcessLaunchFigure;
import io.strata.bench.launch.SimulatedLaunchFigure;
import io.strata.bench.memory.MasterHeapFigure;
import io.strata.bench.pipeline.JobEventsFigure;
import io.strata.bench.pipeline.LatencyVsDirectFigure;
import io.strata.bench.pipeline.PipelineStartupFigure;
import io.strata.bench.pipeline.PipelineTeardownFigure;
import io.strata.bench.pipeline.SourceEventsFigure;
import io.strata.bench.placement.PlacementFigure;
import io.strata.bench.reattach.AgentReattachFigure;
import io.strata.bench.raw.CassandraVsRawFigure;
import io.strata.bench.raw.KafkaLatencyFigure;
import io.strata.bench.raw.KafkaProduceFigure;
import io.strata.bench.sharing.SharingFigure;
import io.strata.bench.spark.SparkExecutorsFigure;

import java.util.List;
import java.util.Optional;

/** Every figure of issue #8, in its order there, then issue #13's master failover and issue #16's new ones. */
public final class Figures {

    static final List<Figure> ALL = List.of(new AllocatorRoundFigure(), new EarlyRoundsFigure(),
            PlacementFigure.uniform(), PlacementFigure.mixed(), new SimulatedLaunchFigure(),
            new RealProcessLaunchFigure(), new PipelineStartupFigure(),
            new PipelineTeardownFigure(), new SparkExecutorsFigure(), new SharingFigure(),
            new SourceEventsFigure(), new JobEventsFigure(), new LatencyVsDirectFigure(),
            new MasterFailoverFigure(),
            new MasterHeapFigure(), new KafkaProduceFigure(), new KafkaLatencyFigure(), new CassandraVsRawFigure(),
            new HeartbeatCpuFigure(), new HeartbeatLagFigure(), new AgentReattachFigure());

    private Figures() {
    }

    public static Optional<Figure> byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Names of all figures, in the issues' order. */
    static List<String> names() {
        return ALL.stream().map(Figure::name).toList();
    }
}
