package io.strata.agent.process;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process tree: SIGTERM to every member, then SIGKILL to whatever is still alive after
 * the grace period, and completes once no member is left. The signals are sent from the caller's
 * thread; the waiting is done by polling on the scheduler, so no thread blocks.
 */
final class TreeKill {

    /**
     * @param signalled  how many processes the first round reached
     * @param escalated  true when SIGKILL was needed (grace ran out, or there was no grace)
     * @param survivors  processes still alive when we gave up waiting after SIGKILL (normally 0)
     */
    record Outcome(int signalled, boolean escalated, Duration grace, int survivors) {
    }

    private static final long POLL_MILLIS = 50;
    private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);

    private final ProcessTree tree;
    private final Duration grace;
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final Map<Long, ProcessHandle> tracked = new TreeMap<>();
    private int signalled;
    private boolean escalated;
    private long deadlineNanos;

    private TreeKill(ProcessTree tree, Duration grace) {
        this.tree = tree;
        this.grace = grace;
    }

    /** A zero grace skips SIGTERM: used to clear leftovers of a task that already ended. */
    static CompletableFuture<Outcome> start(ProcessTree tree, Duration grace, ScheduledExecutorService scheduler) {
        TreeKill kill = new TreeKill(tree, grace.isNegative() ? Duration.ZERO : grace);
        kill.begin(scheduler);
        return kill.done;
    }

    private synchronized void begin(ScheduledExecutorService scheduler) {
        tracked.putAll(tree.members());
        signalled = tracked.size();
        if (tracked.isEmpty()) {
            done.complete(new Outcome(0, false, grace, 0));
            return;
        }
        if (grace.isZero()) {
            escalate();
        } else {
            ProcessTree.signal(tracked.values(), false);
            deadlineNanos = System.nanoTime() + grace.toNanos();
        }
        ScheduledFuture<?> poller = scheduler.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS,
                TimeUnit.MILLISECONDS);
        done.whenComplete((outcome, error) -> poller.cancel(false));
    }

    private synchronized void poll() {
        if (done.isDone()) {
            return;
        }
        try {
            tracked.putAll(tree.members());
            tracked.values().removeIf(h -> !ProcessTree.alive(h));
            if (tracked.isEmpty()) {
                done.complete(new Outcome(signalled, escalated, grace, 0));
            } else if (System.nanoTime() - deadlineNanos >= 0) {
                if (escalated) {
                    done.complete(new Outcome(signalled, true, grace, tracked.size()));
                } else {
                    escalate();
                }
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private void escalate() {
        escalated = true;
        ProcessTree.signal(tracked.values(), true);
        deadlineNanos = System.nanoTime() + AFTER_SIGKILL.toNanos();
    }
}
