package io.strata.adhoc;

import io.strata.protocol.StrataMessage;
import io.strata.resources.Resources;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;
import java.util.Map;

/** Messages of the built-in ad-hoc task framework (they cross nodes: the API may run elsewhere). */
public final class AdhocProtocol {

    private AdhocProtocol() {
    }

    public interface Command extends StrataMessage {
    }

    /**
     * A one-off task as an operator asks for it; group null = the default group, user null = the
     * agent's task user (another user must be one its group allows).
     */
    public record TaskRequest(String name, double cpus, long memMb, long diskMb, Map<String, String> env,
                              List<String> command, String group, String user) implements StrataMessage {

        public TaskRequest(String name, double cpus, long memMb, long diskMb, Map<String, String> env,
                           List<String> command) {
            this(name, cpus, memMb, diskMb, env, command, null, null);
        }

        public TaskRequest(String name, double cpus, long memMb, long diskMb, Map<String, String> env,
                           List<String> command, String group) {
            this(name, cpus, memMb, diskMb, env, command, group, null);
        }

        public TaskRequest withGroup(String newGroup) {
            return new TaskRequest(name, cpus, memMb, diskMb, env, command, newGroup, user);
        }
    }

    public record Submit(TaskRequest request, ActorRef<SubmitReply> replyTo) implements Command {
    }

    /** The new task's id, or an error saying what is wrong with the request. */
    public record SubmitReply(String taskId, String error) implements StrataMessage {
    }

    /** Cancels a task still waiting for resources. */
    public record Cancel(String taskId, ActorRef<CancelReply> replyTo) implements Command {
    }

    /** Whether the task was cancelled; error says why a queued task could not be (null otherwise). */
    public record CancelReply(boolean cancelled, String error) implements StrataMessage {
    }

    public record ListPending(ActorRef<PendingList> replyTo) implements Command {
    }

    /** A queued task; group null (tasks queued before groups existed) = the default group. */
    public record PendingTask(String id, String name, Resources resources, List<String> command, String reason,
                              long submittedAtMillis, String group) implements StrataMessage {

        public PendingTask(String id, String name, Resources resources, List<String> command, String reason,
                           long submittedAtMillis) {
            this(id, name, resources, command, reason, submittedAtMillis, null);
        }

        public String groupName() {
            return group == null ? "default" : group;
        }

        PendingTask withReason(String newReason) {
            return new PendingTask(id, name, resources, command, newReason, submittedAtMillis, group);
        }
    }

    public record PendingList(String frameworkName, List<PendingTask> tasks) implements StrataMessage {
    }
}
