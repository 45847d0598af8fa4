package io.strata.protocol;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;
import java.util.Map;

/** Everything the master singleton accepts, from agents, frameworks and operators. */
public interface MasterCommand extends StrataMessage {

    // ---- from agents

    /**
     * Sent when an agent starts and then every heartbeat interval. It carries the agent's whole
     * view so that a new master rebuilds its registry from heartbeats alone, and echoes the highest
     * launch number it has received ({@code launchSeq}) from the master named {@code launchEpoch}
     * (null before any numbered launch); {@code launchSeq} is null from an agent that does not echo.
     */
    record AgentHeartbeat(AgentId agentId, String host, Resources total, Map<String, String> attributes,
                          List<AgentTask> tasks, List<AgentVolume> volumes, ActorRef<AgentCommand> agent,
                          String launchEpoch, Long launchSeq, Long sentAtMillis)
            implements MasterCommand {

        public AgentHeartbeat {
            volumes = volumes == null ? List.of() : List.copyOf(volumes);
            if (sentAtMillis != null) {
                // Off (one volatile read) unless the heartbeat bench measures arrival to processed.
                HeartbeatArrivals.arrived(agentId, sentAtMillis);
            }
        }

        /**
         * A heartbeat without its send time ({@code sentAtMillis}, the sender's wall clock, which
         * the master counts into {@link HeartbeatLags} when present; the bench's agents send it).
         */
        public AgentHeartbeat(AgentId agentId, String host, Resources total, Map<String, String> attributes,
                              List<AgentTask> tasks, List<AgentVolume> volumes, ActorRef<AgentCommand> agent,
                              String launchEpoch, Long launchSeq) {
            this(agentId, host, total, attributes, tasks, volumes, agent, launchEpoch, launchSeq, null);
        }

        /** A heartbeat that echoes no launch number (an agent that does not echo). */
        public AgentHeartbeat(AgentId agentId, String host, Resources total, Map<String, String> attributes,
                              List<AgentTask> tasks, List<AgentVolume> volumes, ActorRef<AgentCommand> agent) {
            this(agentId, host, total, attributes, tasks, volumes, agent, null, null);
        }

        /** A heartbeat of an agent that holds no volumes. */
        public AgentHeartbeat(AgentId agentId, String host, Resources total, Map<String, String> attributes,
                              List<AgentTask> tasks, ActorRef<AgentCommand> agent) {
            this(agentId, host, total, attributes, tasks, List.of(), agent);
        }
    }

    /** A persistent volume an agent keeps for a framework. */
    record AgentVolume(FrameworkId frameworkId, Volume volume) implements StrataMessage {
    }

    /** The agent deleted a volume (error null) or could not (error says why). */
    record VolumeDestroyed(AgentId agentId, String volumeId, String error) implements MasterCommand {
    }

    /** A task as its agent knows it: the spec (for its resources) and its latest status. */
    record AgentTask(FrameworkId frameworkId, TaskSpec spec, TaskStatus status) implements StrataMessage {
    }

    record AgentStatusUpdate(TaskStatus status) implements MasterCommand {
    }

    // ---- from frameworks

    /** Registration and liveness in one message, sent on start and every heartbeat interval. */
    record FrameworkHeartbeat(FrameworkId frameworkId, String name, String role,
                              ActorRef<FrameworkEvent> scheduler) implements MasterCommand {
    }

    /** Launch tasks on one offer; what the tasks leave unused goes back to the pool. */
    record Accept(FrameworkId frameworkId, OfferId offerId, List<TaskSpec> launches) implements MasterCommand {
    }

    record Decline(FrameworkId frameworkId, OfferId offerId, long refuseMillis) implements MasterCommand {
    }

    record Suppress(FrameworkId frameworkId) implements MasterCommand {
    }

    record Revive(FrameworkId frameworkId) implements MasterCommand {
    }

    /**
     * Kills a task: SIGTERM, then SIGKILL once {@code graceMillis} is over (null: the master's
     * {@code kill-grace}; 0: at once, for work that is being discarded).
     */
    record Kill(FrameworkId frameworkId, TaskId taskId, Long graceMillis) implements MasterCommand {
        public Kill(FrameworkId frameworkId, TaskId taskId) {
            this(frameworkId, taskId, null);
        }
    }

    /** Asks for the latest status of the given tasks, or of all the framework's tasks when empty. */
    record Reconcile(FrameworkId frameworkId, List<TaskId> taskIds) implements MasterCommand {
    }

    /** Deletes a volume of the framework and gives its disk back; refused while a task uses it. */
    record DestroyVolume(FrameworkId frameworkId, String volumeId) implements MasterCommand {
    }

    /** The framework is done: kill its tasks, destroy its volumes and forget it. */
    record Teardown(FrameworkId frameworkId) implements MasterCommand {
    }

    // ---- from operators (the HTTP API)

    /**
     * The quotas of all groups, whole: the master applies each to the allocator role of the group's
     * name and gives groups missing from the list (once listed) the defaults back. Sent after every
     * change of the {@code groups} records; a master that takes over reads those records itself.
     */
    record SetGroups(List<GroupQuota> groups) implements MasterCommand {
        public SetGroups {
            groups = List.copyOf(groups);
        }
    }

    record GetState(ActorRef<ClusterState> replyTo) implements MasterCommand {
    }

    /** Asks for the lags of the heartbeats processed so far that carried their send time. */
    /**
     * The master's {@link HeartbeatLags} so far: sent to processed, or with {@code sinceArrival}
     * arrived in the master's JVM to processed (only while {@link HeartbeatArrivals} is enabled).
     */
    record GetHeartbeatLags(ActorRef<HeartbeatLags> replyTo, boolean sinceArrival) implements MasterCommand {

        public GetHeartbeatLags(ActorRef<HeartbeatLags> replyTo) {
            this(replyTo, false);
        }
    }

    record GetLog(TaskId taskId, String stream, long offset, int maxBytes,
                  ActorRef<AgentCommand.LogReply> replyTo) implements MasterCommand {
    }

    /** Run a command check of a task on the agent that holds it ({@link AgentCommand.RunCheck}). */
    record RunCheck(TaskId taskId, String command, long timeoutMillis,
                    ActorRef<AgentCommand.CheckReply> replyTo) implements MasterCommand {
    }
}
