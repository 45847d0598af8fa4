package io.strata.bench.placement;

import io.strata.bench.placement.PlacementWorkload.App;
import io.strata.bench.placement.PlacementWorkload.Constraint;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ExecutionType;
import org.apache.hadoop.yarn.api.records.ExecutionTypeRequest;
import org.apache.hadoop.yarn.api.records.NodeAttributeOpCode;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.ResourceSizing;
import org.apache.hadoop.yarn.api.records.SchedulingRequest;
import org.apache.hadoop.yarn.api.resource.PlacementConstraint;
import org.apache.hadoop.yarn.api.resource.PlacementConstraints;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ContainerUpdates;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.event.NodeUpdateSchedulerEvent;

import java.util.List;
import java.util.Set;

import static org.apache.hadoop.yarn.api.resource.PlacementConstraints.NODE;
import static org.apache.hadoop.yarn.api.resource.PlacementConstraints.PlacementTargets.allocationTag;
import static org.apache.hadoop.yarn.api.resource.PlacementConstraints.PlacementTargets.nodeAttribute;

/**
 * The workload placed by YARN's CapacityScheduler as an RM would drive it with synchronous
 * scheduling: each app asks once for all its containers (as an AM's allocate call does): an
 * unconstrained app with one ANY ResourceRequest, a constrained one with one SchedulingRequest
 * carrying its placement constraint (unique per node: not on a node holding the app's own
 * allocation tag; ssd only: on nodes whose attribute ssd is true), decided by the scheduler
 * itself. Then every node heartbeats in turn and the scheduler assigns containers on the
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
        List<ApplicationAttemptId> attempts = cluster.attempts();
        for (int a = 0; a < attempts.size(); a++) {
            App app = w.apps().get(a);
            Resource container = Resource.newInstance(app.memMb(), app.cpus());
            if (app.constraint() == Constraint.NONE) {
                ResourceRequest ask = ResourceRequest.newInstance(Priority.newInstance(1), ResourceRequest.ANY,
                        container, app.containers());
                cluster.scheduler().allocate(attempts.get(a), List.of(ask), null, List.of(), null, null,
                        new ContainerUpdates());
            } else {
                String tag = "app-" + a;
                PlacementConstraint constraint = app.constraint() == Constraint.UNIQUE_PER_NODE
                        ? PlacementConstraints.build(PlacementConstraints.targetNotIn(NODE, allocationTag(tag)))
                        : PlacementConstraints.build(PlacementConstraints.targetNodeAttribute(NODE, NodeAttributeOpCode.EQ,
                                nodeAttribute("ssd", "true")));
                SchedulingRequest ask = SchedulingRequest.newBuilder().allocationRequestId(1)
                        .priority(Priority.newInstance(1))
                        .executionType(ExecutionTypeRequest.newInstance(ExecutionType.GUARANTEED))
                        .allocationTags(Set.of(tag)).resourceSizing(ResourceSizing.newInstance(app.containers(),
                                container))
                        .placementConstraintExpression(constraint).build();
                cluster.scheduler().allocate(attempts.get(a), List.of(), List.of(ask), List.of(), null, null,
                        new ContainerUpdates());
            }
        }
        int total = w.containers();
        while (cluster.allocatedContainers() < total) {
            if (++rounds > MAX_ROUNDS) {
                throw new IllegalStateException("YARN placed " + cluster.allocatedContainers() + " of "
                        + total + " containers in " + MAX_ROUNDS + " heartbeat rounds");
            }
            for (RMNode node : cluster.nodes()) {
                cluster.scheduler().handle(new NodeUpdateSchedulerEvent(node));
                // Stop at the heartbeat that placed the last container, as Strata stops at its last accept.
                if (cluster.allocatedContainers() == total) {
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
