package io.strata.bench.launch;

import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A framework steered by the benchmark's own thread: offers wait in a queue until the benchmark
 * takes one, and each task's RUNNING and end are futures. RUNNING is stamped on the driver's
 * thread, the moment the framework learns it, not when the benchmark thread wakes up.
 */
final class OneAtATimeFramework implements Scheduler {

    private final BlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
    private final ConcurrentMap<TaskId, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
    private final ConcurrentMap<TaskId, CompletableFuture<TaskStatus>> ended = new ConcurrentHashMap<>();

    BlockingQueue<Offer> offers() {
        return offers;
    }

    /** Call before launching {@code id}, so no update can arrive before its futures exist. */
    void expect(TaskId id) {
        running.put(id, new CompletableFuture<>());
        ended.put(id, new CompletableFuture<>());
    }

    /** Completes with System.nanoTime() at the RUNNING update. */
    CompletableFuture<Long> running(TaskId id) {
        return running.get(id);
    }

    CompletableFuture<TaskStatus> ended(TaskId id) {
        return ended.get(id);
    }

    void forget(TaskId id) {
        running.remove(id);
        ended.remove(id);
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Offer> newOffers) {
        offers.addAll(newOffers);
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, OfferId offerId) {
        offers.removeIf(o -> o.id().equals(offerId));
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        long now = System.nanoTime();
        CompletableFuture<Long> r = running.get(status.taskId());
        if (r == null) {
            return;
        }
        if (status.state() == TaskState.RUNNING) {
            r.complete(now);
        } else if (status.state().isTerminal()) {
            r.completeExceptionally(new IllegalStateException("task " + status.taskId() + " ended " + status.state()
                    + " before RUNNING: " + status.reason()));
            ended.get(status.taskId()).complete(status);
        }
    }
}
