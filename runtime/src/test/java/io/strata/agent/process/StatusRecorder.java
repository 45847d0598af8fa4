package io.strata.agent.process;

import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.fail;

/** A status listener that keeps every status and lets a test wait for one, with a deadline. */
final class StatusRecorder implements Consumer<TaskStatus> {

    private final List<TaskStatus> all = new ArrayList<>();

    @Override
    public synchronized void accept(TaskStatus s) {
        all.add(s);
        notifyAll();
    }

    synchronized List<TaskStatus> of(TaskId id) {
        return all.stream().filter(s -> s.taskId().equals(id)).toList();
    }

    synchronized List<TaskState> statesOf(TaskId id) {
        return of(id).stream().map(TaskStatus::state).toList();
    }

    /** Every pid a RUNNING status carried. */
    synchronized Set<Long> pids() {
        Set<Long> out = new TreeSet<>();
        all.stream().filter(s -> s.pid() != null).forEach(s -> out.add(s.pid()));
        return out;
    }

    /** The first status of {@code id} in {@code state}; fails at once if the task ends in another state. */
    synchronized TaskStatus await(TaskId id, TaskState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (TaskStatus s : of(id)) {
                if (s.state() == state) {
                    return s;
                }
                if (s.state().isTerminal()) {
                    return fail("expected %s for task %s but it ended: %s", state, id, s);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("no %s status for task %s within %s; saw %s", state, id, timeout, of(id));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while waiting for %s of %s", state, id);
            }
        }
    }
}
