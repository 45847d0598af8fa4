package io.strata.bench.placement;

/**
 * The cluster and request stream both schedulers place: {@code nodes} nodes of {@code nodeCpus}
 * cores and {@code nodeMemMb} MB, and {@code apps} applications each asking for
 * {@code containersPerApp} containers of one core and {@code containerMemMb} MB. A placement is
 * one container bound to a node in the scheduler's books (Strata: accepted into an offer; YARN:
 * allocated by the CapacityScheduler on a node heartbeat).
 */
public record PlacementWorkload(int nodes, int nodeCpus, int nodeMemMb, int apps, int containersPerApp,
                                int containerMemMb) {

    public PlacementWorkload {
        if ((long) apps * containersPerApp > (long) nodes * nodeCpus) {
            throw new IllegalArgumentException("the requests do not fit the cluster: " + apps * containersPerApp
                    + " containers of 1 core on " + nodes * nodeCpus + " cores");
        }
    }

    /** 10,000 nodes of 8 cores / 16 GB; 100 apps x 800 containers of 1 core / 1 GB fill every core. */
    public static PlacementWorkload full() {
        return new PlacementWorkload(10_000, 8, 16_384, 100, 800, 1024);
    }

    public static PlacementWorkload tiny() {
        return new PlacementWorkload(10, 8, 16_384, 5, 4, 1024);
    }

    public int containers() {
        return apps * containersPerApp;
    }

    @Override
    public String toString() {
        return nodes + " nodes of " + nodeCpus + " cores/" + nodeMemMb / 1024 + " GB, " + apps + " apps x "
                + containersPerApp + " containers of 1 core/" + containerMemMb + " MB";
    }
}
