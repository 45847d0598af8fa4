package io.strata.master;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;

import java.util.List;

/**
 * What the master core decided to do, in order: messages to agents and frameworks (addressed by
 * id; the actor knows where they are) and requests to the master actor itself.
 */
public sealed interface MasterEffect {

    /** A message for one agent. */
    sealed interface ToAgent extends MasterEffect {
        AgentId agentId();
    }

    /** A message for one registered framework. */
    sealed interface ToFramework extends MasterEffect {
        FrameworkId frameworkId();
    }

    // ---- to agents

    record AgentRegistered(AgentId agentId, String masterEpoch) implements ToAgent {
    }

    /** {@code launchSeq}: this master's number for the launch on this agent (see {@link LaunchLedger}). */
    record LaunchTasks(AgentId agentId, FrameworkId frameworkId, List<TaskSpec> tasks, String masterEpoch,
                       long launchSeq) implements ToAgent {
    }

    /** Every launch up to {@code launchSeq} has been sent to the agent (see {@link LaunchLedger}). */
    record LaunchesSent(AgentId agentId, String masterEpoch, long launchSeq) implements ToAgent {
    }

    record KillTask(AgentId agentId, TaskId taskId, long graceMillis, String reason) implements ToAgent {
    }

    /** The master has recorded the task's terminal status; the agent may stop reporting it. */
    record AckTerminal(AgentId agentId, TaskId taskId) implements ToAgent {
    }

    record DestroyVolume(AgentId agentId, String volumeId) implements ToAgent {
    }

    // ---- to frameworks

    record FrameworkRegistered(FrameworkId frameworkId, String masterEpoch) implements ToFramework {
    }

    record SendOffers(FrameworkId frameworkId, List<Offer> offers) implements ToFramework {
    }

    record RescindOffer(FrameworkId frameworkId, OfferId offerId) implements ToFramework {
    }

    record SendStatus(FrameworkId frameworkId, TaskStatus status) implements ToFramework {
    }

    record AgentLost(FrameworkId frameworkId, AgentId agentId, String reason) implements ToFramework {
    }

    /** A request of the framework was refused or could not be carried out. */
    record FrameworkError(FrameworkId frameworkId, String message) implements ToFramework {
    }

    // ---- to the master actor

    /** Run an allocation round soon (asked for at most once until that round runs). */
    record AllocateSoon() implements MasterEffect {
    }

    /** The agent is gone: its connection need not be kept. */
    record ForgetAgent(AgentId agentId) implements MasterEffect {
    }

    /** The framework is gone: its connection need not be kept. */
    record ForgetFramework(FrameworkId frameworkId) implements MasterEffect {
    }
}
