package io.strata.pipelines;

import io.strata.protocol.StrataMessage;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.Map;

/** Messages to the pipelines singleton; they cross nodes (the API may run on another master node). */
public final class PipelinesProtocol {

    private PipelinesProtocol() {
    }

    public interface Command extends StrataMessage {
    }

    /** {@code spec} is the validated PipelineSpec as JSON; {@code jars} job key → uploaded jar's SHA-256. */
    public record Start(String spec, Map<String, String> jars, boolean dryRun, ActorRef<Reply> replyTo) implements Command {
    }

    public record Status(String name, ActorRef<Reply> replyTo) implements Command {
    }

    public record ListAll(ActorRef<Reply> replyTo) implements Command {
    }

    public record Stop(String name, boolean keepData, ActorRef<Reply> replyTo) implements Command {
    }

    public record Verify(String name, ActorRef<Reply> replyTo) implements Command {
    }

    /** The pipeline's counters over the last hour, one point every 2 s (kept in memory by the orchestrator). */
    public record History(String name, ActorRef<Reply> replyTo) implements Command {
    }

    public record Forget(String name, ActorRef<Reply> replyTo) implements Command {
    }

    /** An HTTP status and a JSON body. */
    public record Reply(int status, String body) implements StrataMessage {
    }
}
