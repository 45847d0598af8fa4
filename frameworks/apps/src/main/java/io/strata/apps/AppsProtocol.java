package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.security.Principal;
import org.apache.pekko.actor.typed.ActorRef;

/** What the apps API asks of the apps framework; every request is answered with an HTTP status and a JSON body. */
public final class AppsProtocol {

    private AppsProtocol() {
    }

    public interface Command {
    }

    /** The answer to any request: the status code and the body the API sends. */
    public record Answer(int status, JsonNode body) {
    }

    /** An operation on one app, by a caller who sees only its group's apps. */
    public sealed interface AppRequest extends Command {
        String name();

        Principal who();

        ActorRef<Answer> replyTo();
    }

    /** A new app; the group was checked against the caller and the existing groups. */
    public record Create(AppDefinition definition, String text, String group, ActorRef<Answer> replyTo)
            implements Command {
    }

    public record ListApps(Principal who, ActorRef<Answer> replyTo) implements Command {
    }

    /** {@code namesGroup}: the file says its group; otherwise the app stays in its own. */
    public record Update(String name, AppDefinition definition, boolean namesGroup, String text, Principal who,
                         ActorRef<Answer> replyTo)
            implements AppRequest {
    }

    public record Get(String name, Principal who, ActorRef<Answer> replyTo) implements AppRequest {
    }

    public record Versions(String name, Principal who, ActorRef<Answer> replyTo) implements AppRequest {
    }

    public record Scale(String name, int instances, Principal who, ActorRef<Answer> replyTo) implements AppRequest {
    }

    public record Restart(String name, Principal who, ActorRef<Answer> replyTo) implements AppRequest {
    }

    /** {@code to} null: the version before the current one. */
    public record Rollback(String name, Integer to, Principal who, ActorRef<Answer> replyTo) implements AppRequest {
    }

    public enum Control { PAUSE, RESUME, ABORT }

    public record ControlDeployment(String name, Control control, Principal who, ActorRef<Answer> replyTo)
            implements AppRequest {
    }

    /** {@code graceMillis} -1: the app's own kill grace period. */
    public record Delete(String name, long graceMillis, Principal who, ActorRef<Answer> replyTo) implements AppRequest {
    }
}
