package io.strata.master;

import io.strata.protocol.GroupQuota;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;

import java.util.List;
import java.util.Map;

/**
 * What the master core decides on: the agents' and frameworks' messages in the core's own terms
 * (ids instead of actor references), plus the master's own timer tick and allocation round.
 */
public sealed interface MasterInput {

    // ---- from agents

    /**
     * An agent's registration and liveness in one. {@code connection} names the agent's current
     * connection (opaque to the core); a new one means a restarted agent that must hear
     * "registered" again. {@code launchSeq} is the highest launch number the agent has received
     * from the master named {@code launchEpoch} (see {@link LaunchLedger}); null from an agent
     * that does not echo launch numbers.
     */
    record AgentHeartbeat(AgentId agentId, String host, Resources total, Map<String, String> attributes,
                          List<ReportedTask> tasks, List<ReportedVolume> volumes, String connection,
                          String launchEpoch, Long launchSeq)
            implements MasterInput {
        public AgentHeartbeat {
            tasks = List.copyOf(tasks);
            volumes = List.copyOf(volumes);
        }

        /** A heartbeat without an echoed launch number. */
        public AgentHeartbeat(AgentId agentId, String host, Resources total, Map<String, String> attributes,
                              List<ReportedTask> tasks, List<ReportedVolume> volumes, String connection) {
            this(agentId, host, total, attributes, tasks, volumes, connection, null, null);
        }
    }

    /** A task as its agent reports it. */
    record ReportedTask(FrameworkId frameworkId, TaskSpec spec, TaskStatus status) {
    }

    /** A persistent volume as its agent reports it. */
    record ReportedVolume(FrameworkId frameworkId, Volume volume) {
    }

    record StatusUpdate(TaskStatus status) implements MasterInput {
    }

    /** The agent deleted a volume (error null) or could not (error says why). */
    record VolumeDestroyed(AgentId agentId, String volumeId, String error) implements MasterInput {
    }

    // ---- from frameworks

    /** A framework's registration and liveness in one; {@code connection} as for agents. */
    record FrameworkHeartbeat(FrameworkId frameworkId, String name, String role, String connection)
            implements MasterInput {
    }

    record Accept(FrameworkId frameworkId, OfferId offerId, List<TaskSpec> launches) implements MasterInput {
        public Accept {
            launches = List.copyOf(launches);
        }
    }

    record Decline(FrameworkId frameworkId, OfferId offerId, long refuseMillis) implements MasterInput {
    }

    record Suppress(FrameworkId frameworkId) implements MasterInput {
    }

    record Revive(FrameworkId frameworkId) implements MasterInput {
    }

    /** A kill; {@code graceMillis} null means the master's {@code kill-grace}. */
    record Kill(FrameworkId frameworkId, TaskId taskId, Long graceMillis) implements MasterInput {
        public Kill(FrameworkId frameworkId, TaskId taskId) {
            this(frameworkId, taskId, null);
        }
    }

    /** The latest status of the given tasks, or of all the framework's tasks when empty. */
    record Reconcile(FrameworkId frameworkId, List<TaskId> taskIds) implements MasterInput {
        public Reconcile {
            taskIds = List.copyOf(taskIds);
        }
    }

    record DestroyVolume(FrameworkId frameworkId, String volumeId) implements MasterInput {
    }

    record Teardown(FrameworkId frameworkId) implements MasterInput {
    }

    // ---- from operators

    /** The quotas of all groups, whole (see {@code MasterCommand.SetGroups}). */
    record SetGroups(List<GroupQuota> groups) implements MasterInput {
        public SetGroups {
            groups = List.copyOf(groups);
        }
    }

    // ---- from the master itself

    /**
     * The groups as this master read them from the control store when it took over. Ignored once
     * an operator's {@link SetGroups} came in: that one is newer.
     */
    record StoredGroups(List<GroupQuota> groups) implements MasterInput {
        public StoredGroups {
            groups = List.copyOf(groups);
        }
    }

    /** The periodic timer: expiries and timeouts, then an allocation round. */
    record Tick() implements MasterInput {
    }

    /** The allocation round an earlier {@link MasterEffect.AllocateSoon} asked for. */
    record Allocate() implements MasterInput {
    }
}
