package io.strata.dashboard;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.TaskId;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A task's log as server-sent events: {@code log} events ({@code {"offset": where the next read goes,
 * "text"}}) as the file grows, read through the master's log route (which asks the task's agent),
 * and one {@code end} event ({@code {"offset", "state"}}) once the task has ended and all of it was
 * sent. It reads again at once after a read that brought text, else after the poll interval. A task
 * still waiting to launch has no log yet: the stream waits for it.
 */
final class LogTail {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final int CHUNK = 256 * 1024;

    /** Where the tail is: the next offset, whether to wait before reading, whether it sent its end. */
    private record Position(long offset, boolean pause, boolean done) {
    }

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> master;
    private final DashboardFeed feed;
    private final Duration poll;

    LogTail(ActorSystem<?> system, ActorRef<MasterCommand> master, DashboardFeed feed, Duration poll) {
        this.system = system;
        this.master = master;
        this.feed = feed;
        this.poll = poll;
    }

    /**
     * Where the log ends now: read through to its end, so that a tail from there sends what is written
     * after the client's stream opened. 0 for a task that has no log yet.
     */
    CompletionStage<Long> end(String taskId, String stream) {
        return endFrom(taskId, stream, 0);
    }

    private CompletionStage<Long> endFrom(String taskId, String stream, long offset) {
        return read(taskId, stream, offset).thenCompose(r -> r == null || r.data().isEmpty()
                ? CompletableFuture.completedFuture(offset) : endFrom(taskId, stream, r.nextOffset()));
    }

    /** One read; null when there is nothing to read (unknown to its agent yet, no answer, an error). */
    private CompletionStage<AgentCommand.LogReply> read(String taskId, String stream, long offset) {
        return AskPattern.<MasterCommand, AgentCommand.LogReply>ask(master,
                        reply -> new MasterCommand.GetLog(TaskId.of(taskId), stream, offset, CHUNK, reply),
                        ASK_TIMEOUT, system.scheduler())
                .handle((r, err) -> err != null || !r.found() || r.error() != null ? null : r);
    }

    /** The tail from byte {@code offset} on. */
    Source<ServerSentEvent, NotUsed> source(String taskId, String stream, long offset) {
        return Source.unfoldAsync(new Position(offset, false, false), p -> {
            if (p.done()) {
                return CompletableFuture.completedFuture(Optional.<Pair<Position, List<ServerSentEvent>>>empty());
            }
            CompletionStage<Pair<Position, List<ServerSentEvent>>> next = p.pause()
                    ? Patterns.after(poll, system.classicSystem().scheduler(), system.executionContext(),
                    () -> step(taskId, stream, p))
                    : step(taskId, stream, p);
            return next.thenApply(Optional::of);
        }).mapConcat(events -> events);
    }

    private CompletionStage<Pair<Position, List<ServerSentEvent>>> step(String taskId, String stream, Position p) {
        // The task's state as last sampled, taken before the read: if it had ended then, this read gets the rest.
        String state = taskState(taskId);
        if (state == null) {
            return CompletableFuture.completedFuture(Pair.create(new Position(p.offset(), true, false), List.of()));
        }
        boolean ended = io.strata.resources.TaskState.valueOf(state).isTerminal();
        return read(taskId, stream, p.offset()).thenApply(r -> {
            if (r == null || r.data().isEmpty()) {
                return ended ? Pair.create(new Position(p.offset(), false, true), List.of(endEvent(p.offset(), state)))
                        : Pair.create(new Position(p.offset(), true, false), List.<ServerSentEvent>of());
            }
            return Pair.create(new Position(r.nextOffset(), false, false), List.of(logEvent(r.nextOffset(), r.data())));
        });
    }

    private static ServerSentEvent logEvent(long offset, String text) {
        return ServerSentEvent.create(DashboardJson.MAPPER.createObjectNode().put("offset", offset).put("text", text)
                .toString(), "log");
    }

    private static ServerSentEvent endEvent(long offset, String state) {
        return ServerSentEvent.create(DashboardJson.MAPPER.createObjectNode().put("offset", offset).put("state", state)
                .toString(), "end");
    }

    /** The task's state in the last sample, or null while it has not launched (or no sample was taken yet). */
    private String taskState(String taskId) {
        Optional<DashboardFeed.Sample> s = feed.latest();
        if (s.isEmpty()) {
            return null;
        }
        for (ClusterState.TaskView t : s.get().state().tasks()) {
            if (t.spec().taskId().value().equals(taskId)) {
                return t.status().state().name();
            }
        }
        return null;
    }
}
