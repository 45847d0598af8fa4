package io.strata.bench.placement;

import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ContainerUpdates;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.event.NodeUpdateSchedulerEvent;

import java.util.List;

/**
 * The workload placed by YARN's CapacityScheduler as an RM would drive it with synchronous
 * scheduling: each app asks once for all its containers (one ANY request, as an AM's allocate
 * call does), then every node heartbeats in turn and the scheduler assigns containers on the
 * heartbeating node, round after round until all are allocated. Timed from the first ask to the
 * last allocation; registering nodes and applications is set-up.
 */
final class YarnPlacement {

    private static final int MAX_ROUNDS = 1000;

    private final PlacementWorkload w;
    private final YarnCluster cluster;
    private int rounds;

    YarnPlacement(PlacementWorkload w, YarnCluster cluster) {
        this.w = w;
        this.cluster = cluster;
    }

    long place() {
        long start = System.nanoTime();
        Resource container = Resource.newInstance(w.containerMemMb(), 1);
        for (ApplicationAttemptId attempt : cluster.attempts()) {
            ResourceRequest ask = ResourceRequest.newInstance(Priority.newInstance(1), ResourceRequest.ANY, container,
                    w.containersPerApp());
            cluster.scheduler().allocate(attempt, List.of(ask), null, List.of(), null, null, new ContainerUpdates());
        }
        while (cluster.allocatedContainers() < w.containers()) {
            if (++rounds > MAX_ROUNDS) {
                throw new IllegalStateException("YARN placed " + cluster.allocatedContainers() + " of "
                        + w.containers() + " containers in " + MAX_ROUNDS + " heartbeat rounds");
            }
            for (RMNode node : cluster.nodes()) {
                cluster.scheduler().handle(new NodeUpdateSchedulerEvent(node));
                // Stop at the heartbeat that placed the last container, as Strata stops at its last accept.
                if (cluster.allocatedContainers() == w.containers()) {
                    break;
                }
            }
        }
        return System.nanoTime() - start;
    }

    int rounds() {
        return rounds;
    }
}
