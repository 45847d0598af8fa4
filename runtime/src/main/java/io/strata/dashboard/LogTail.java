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
 * sent. It reads again at once after a read that brought text, else after the poll interval. A tail
 * from the end starts with the last lines the log holds (up to {@value #CONTEXT} bytes). A task still
 * waiting to launch has no log yet: the stream waits for it.
 */
final class LogTail {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final int CHUNK = 256 * 1024;
    static final int CONTEXT = 8 * 1024;

    /**
     * Where the tail is: the next offset, whether it still skips to the end (and the last text skipped),
     * whether to wait before reading.
     */
    private record Position(long offset, boolean skipping, String skipped, boolean pause, boolean done) {
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
        return Source.unfoldAsync(new Position(0, fromEnd, "", false, false), p -> {
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
            return CompletableFuture.completedFuture(Pair.create(new Position(p.offset(), p.skipping(), p.skipped(), true,
                    false), List.of()));
        }
        boolean ended = io.strata.resources.TaskState.valueOf(state).isTerminal();
        return AskPattern.<MasterCommand, AgentCommand.LogReply>ask(master,
                        reply -> new MasterCommand.GetLog(TaskId.of(taskId), stream, p.offset(), CHUNK, reply),
                        ASK_TIMEOUT, system.scheduler())
                .handle((r, err) -> {
                    boolean nothing = err != null || !r.found() || r.error() != null || r.data().isEmpty();
                    if (nothing) {
                        if (p.skipping()) {
                            // At the end: from here on, everything is new; show the last lines skipped for context.
                            Position tailing = new Position(p.offset(), false, "", false, false);
                            return Pair.create(tailing, p.skipped().isEmpty() ? List.of() : List.of(log(p.offset(), p.skipped())));
                        }
                        if (ended) {
                            return Pair.create(new Position(p.offset(), false, "", false, true), List.of(end(p.offset(), state)));
                        }
                        return Pair.create(new Position(p.offset(), false, "", true, false), List.of());
                    }
                    if (p.skipping()) {
                        return Pair.create(new Position(r.nextOffset(), true, lastLines(p.skipped() + r.data()), false, false),
                                List.of());
                    }
                    return Pair.create(new Position(r.nextOffset(), false, "", false, false),
                            List.of(log(r.nextOffset(), r.data())));
                });
    }

    /** The end of {@code text}, at most {@link #CONTEXT} characters, from the start of a line where there is one. */
    static String lastLines(String text) {
        if (text.length() <= CONTEXT) {
            return text;
        }
        String cut = text.substring(text.length() - CONTEXT);
        int line = cut.indexOf('\n');
        return line >= 0 && line < cut.length() - 1 ? cut.substring(line + 1) : cut;
    }

    private static ServerSentEvent log(long offset, String text) {
        return ServerSentEvent.create(DashboardJson.MAPPER.createObjectNode().put("offset", offset).put("text", text)
                .toString(), "log");
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
