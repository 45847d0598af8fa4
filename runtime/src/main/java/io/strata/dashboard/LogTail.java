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

    /** Where the tail is: the next offset, whether it still skips to the end, whether to wait before reading. */
    private record Position(long offset, boolean skipping, boolean pause, boolean done) {
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

    /** @param fromEnd start at the end of what the log holds now instead of its beginning */
    Source<ServerSentEvent, NotUsed> source(String taskId, String stream, boolean fromEnd) {
        return Source.unfoldAsync(new Position(0, fromEnd, false, false), p -> {
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
            return CompletableFuture.completedFuture(Pair.create(new Position(p.offset(), p.skipping(), true, false),
                    List.of()));
        }
        boolean ended = io.strata.resources.TaskState.valueOf(state).isTerminal();
        return AskPattern.<MasterCommand, AgentCommand.LogReply>ask(master,
                        reply -> new MasterCommand.GetLog(TaskId.of(taskId), stream, p.offset(), CHUNK, reply),
                        ASK_TIMEOUT, system.scheduler())
                .handle((r, err) -> {
                    boolean nothing = err != null || !r.found() || r.error() != null || r.data().isEmpty();
                    if (nothing) {
                        if (ended && !p.skipping()) {
                            return Pair.create(new Position(p.offset(), false, false, true), List.of(end(p.offset(), state)));
                        }
                        // Skipped to the end: from here on, everything is new.
                        return Pair.create(new Position(p.offset(), false, !p.skipping(), false), List.of());
                    }
                    Position moved = new Position(r.nextOffset(), p.skipping(), false, false);
                    if (p.skipping()) {
                        return Pair.create(moved, List.of());
                    }
                    String data = DashboardJson.MAPPER.createObjectNode().put("offset", r.nextOffset())
                            .put("text", r.data()).toString();
                    return Pair.create(moved, List.of(ServerSentEvent.create(data, "log")));
                });
    }

    private static ServerSentEvent end(long offset, String state) {
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
