package io.strata.protocol;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;

import java.util.List;
import java.util.Map;

/** An immutable snapshot of the master's registries, for operators and metrics. */
public record ClusterState(String masterEpoch, String masterAddress, long leaderSinceMillis,
                           List<AgentView> agents, List<FrameworkView> frameworks, List<TaskView> tasks,
                           int outstandingOffers, AllocationStats allocation, List<VolumeView> volumes,
                           List<GroupView> groups)
        implements StrataMessage {

    public ClusterState {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A snapshot without groups (before groups existed, and for tests that do not need them). */
    public ClusterState(String masterEpoch, String masterAddress, long leaderSinceMillis, List<AgentView> agents,
                        List<FrameworkView> frameworks, List<TaskView> tasks, int outstandingOffers,
                        AllocationStats allocation, List<VolumeView> volumes) {
        this(masterEpoch, masterAddress, leaderSinceMillis, agents, frameworks, tasks, outstandingOffers, allocation,
                volumes, List.of());
    }

    /**
     * A group (allocator role) with its quota and what it uses: the resources its frameworks' tasks
     * hold plus those on offer to them, which is what the limit caps. Guarantee and limit as in
     * {@link GroupQuota}: 0 for a resource means none.
     */
    public record GroupView(String name, double weight, Resources guarantee, Resources limit, Resources used)
            implements StrataMessage {
    }

    /** A persistent volume and the agent that keeps it. */
    public record VolumeView(String id, AgentId agentId, FrameworkId frameworkId, long sizeMb)
            implements StrataMessage {
    }

    public record AgentView(AgentId id, String host, boolean active, Resources total, Resources used,
                            Resources offered, Map<String, String> attributes, int tasks)
            implements StrataMessage {

        /** What is free now: the total less what tasks hold and what is on offer (never below 0). */
        public Resources free() {
            Resources taken = used.plus(offered);
            return new Resources(Math.max(0, total.milliCpus() - taken.milliCpus()),
                    Math.max(0, total.memMb() - taken.memMb()), Math.max(0, total.diskMb() - taken.diskMb()),
                    total.ports().minus(taken.ports()));
        }
    }

    public record FrameworkView(FrameworkId id, String name, String role, boolean active, Resources used,
                                double dominantShare, int tasks) implements StrataMessage {
    }

    public record TaskView(FrameworkId frameworkId, String frameworkName, TaskSpec spec, TaskStatus status,
                           String host) implements StrataMessage {
    }

    /** Counters since this master took over. */
    public record AllocationStats(long rounds, long offersMade, long offersDeclined, long offersRescinded,
                                  double lastRoundMillis, double maxRoundMillis, double totalRoundMillis)
            implements StrataMessage {
    }
}
