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

    /** A one-off task as an operator asks for it. */
    public record TaskRequest(String name, double cpus, long memMb, long diskMb, Map<String, String> env,
                              List<String> command) implements StrataMessage {
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

    public record PendingTask(String id, String name, Resources resources, List<String> command, String reason,
                              long submittedAtMillis) implements StrataMessage {
    }

    public record PendingList(String frameworkName, List<PendingTask> tasks) implements StrataMessage {
    }
}
