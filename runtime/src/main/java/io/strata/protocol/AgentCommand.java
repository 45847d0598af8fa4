package io.strata.protocol;

import io.strata.resources.FrameworkId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;

/** What the master (or a local supervisor) tells an agent. */
public interface AgentCommand extends StrataMessage {

    /** The master took the agent's registration; {@code masterEpoch} names the master incarnation. */
    record Registered(String masterEpoch) implements AgentCommand {
    }

    /**
     * {@code launchSeq} numbers this master's launches to this agent (1, 2, ...) and
     * {@code masterEpoch} names the master that numbered them; the agent echoes the highest in its
     * heartbeats. Both are null from a master that does not number launches.
     */
    record LaunchTasks(FrameworkId frameworkId, List<TaskSpec> tasks, String masterEpoch, Long launchSeq)
            implements AgentCommand {

        /** A launch without a number (a master that does not number launches). */
        public LaunchTasks(FrameworkId frameworkId, List<TaskSpec> tasks) {
            this(frameworkId, tasks, null, null);
        }
    }

    /**
     * The master has sent this agent every launch up to {@code launchSeq}: one that has not
     * arrived before this message never will (messages from one sender arrive in order). The
     * agent echoes the number like that of a launch.
     */
    record LaunchesSent(String masterEpoch, long launchSeq) implements AgentCommand {
    }

    record KillTask(TaskId taskId, long graceMillis, String reason) implements AgentCommand {
    }

    /** The master has recorded this terminal status: the agent may stop reporting the task. */
    record AckTerminal(TaskId taskId) implements AgentCommand {
    }

    record ReadLog(TaskId taskId, String stream, long offset, int maxBytes, ActorRef<LogReply> replyTo)
            implements AgentCommand {
    }

    /** Delete a persistent volume (its data) unless a live task uses it. */
    record DestroyVolume(String volumeId) implements AgentCommand {
    }

    /** Kill every task of the agent (cluster shutdown). */
    record KillAll(long graceMillis, ActorRef<Done> replyTo) implements AgentCommand {
    }

    record Done() implements StrataMessage {
    }

    /**
     * Run a command health check of a running task in its sandbox, as its user, with its environment
     * ({@code io.strata.agent.process.TaskCheck}); the answer goes to {@code replyTo}.
     */
    record RunCheck(TaskId taskId, String command, long timeoutMillis, ActorRef<CheckReply> replyTo)
            implements AgentCommand {
    }

    /** A command check's result: {@code error} says why it could not run (then it did not pass). */
    record CheckReply(TaskId taskId, boolean passed, Integer exitCode, String output, String error)
            implements StrataMessage {
    }

    /** A log excerpt, or an error text when the task or its sandbox is unknown. */
    record LogReply(String data, long nextOffset, boolean found, String error) implements StrataMessage {
    }
}
