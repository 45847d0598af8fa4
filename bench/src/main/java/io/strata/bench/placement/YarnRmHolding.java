package io.strata.bench.placement;

/**
 * Figure 2's YARN harness kept alive with its containers placed, for the memory figure: the
 * CapacityScheduler and its RM context holding the workload's nodes and every container, as
 * figure 2 leaves them after its timed part.
 */
public final class YarnRmHolding implements AutoCloseable {

    private final YarnCluster cluster;
    private final int containers;

    private YarnRmHolding(YarnCluster cluster, int containers) {
        this.cluster = cluster;
        this.containers = containers;
    }

    /** Registers the workload's nodes and apps and places every container through node heartbeats. */
    public static YarnRmHolding place(PlacementWorkload w) throws Exception {
        YarnCluster c = new YarnCluster(w);
        new YarnPlacement(w, c).place();
        return new YarnRmHolding(c, c.allocatedContainers());
    }

    /** Containers the scheduler's books hold. */
    public int containers() {
        return containers;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
