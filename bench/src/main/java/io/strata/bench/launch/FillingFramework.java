package io.strata.bench.launch;

import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A framework with {@code total} identical tasks to run: it launches as many as fit into every
 * offer and stamps each task's launch call and its RUNNING update, both on the driver's thread,
 * so a stamp is the moment the framework itself acts or learns. Done when every task runs.
 *
 * <p>Offers that arrive before {@link #driverStarted} are held and used from the caller's thread
 * then: StrataSchedulerDriver hands itself to its actor before its own actor field is set, so a
 * launch from the very first callback can hit a null actor (reported to the runtime's owners).
 * The lock orders the caller's write of that field before any later launch on the driver's thread.
 */
public final class FillingFramework implements Scheduler {

    private final String idPrefix;
    private final int total;
    private final Resources perTask;
    private final long[] launchedAt;
    private final long[] runningAt;
    private final CompletableFuture<Void> allRunning = new CompletableFuture<>();
    private final List<Offer> early = new ArrayList<>();
    private boolean started;
    private int launched;
    private int running;
    private int lost;

    public FillingFramework(int total, Resources perTask) {
        this(total, perTask, "t-");
    }

    /**
     * Task ids are {@code idPrefix} and a number: frameworks that follow each other on one cluster
     * need prefixes of their own, because the master applies a status an agent still reports for an
     * ended task of an earlier framework to a new task of the same id.
     */
    public FillingFramework(int total, Resources perTask, String idPrefix) {
        this.idPrefix = idPrefix;
        this.total = total;
        this.perTask = perTask;
        this.launchedAt = new long[total];
        this.runningAt = new long[total];
    }

    /** Call once {@code StrataSchedulerDriver.start} has returned. */
    public synchronized void driverStarted(SchedulerDriver driver) {
        started = true;
        launchInto(driver, early);
        early.clear();
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        if (started) {
            launchInto(driver, offers);
        } else {
            early.addAll(offers);
        }
    }

    private void launchInto(SchedulerDriver driver, List<Offer> offers) {
        for (Offer offer : offers) {
            int n = Math.min(total - launched, fits(offer.resources()));
            if (n == 0) {
                driver.decline(offer.id(), Duration.ofHours(1));
                continue;
            }
            List<TaskSpec> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(TaskSpec.of(TaskId.of(idPrefix + (launched + i)), perTask, "true"));
            }
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                launchedAt[launched++] = now;
            }
            driver.launch(offer.id(), tasks);
            if (launched == total) {
                driver.suppress();
            }
        }
    }

    @Override
    public synchronized void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        if (status.state() == TaskState.LOST) {
            lost++;
        }
        if (status.state() == TaskState.RUNNING) {
            int i = Integer.parseInt(status.taskId().value().substring(idPrefix.length()));
            if (runningAt[i] != 0) {
                return;
            }
            runningAt[i] = System.nanoTime();
            if (++running == total) {
                allRunning.complete(null);
            }
        } else if (status.state().isTerminal() && !allRunning.isDone()) {
            allRunning.completeExceptionally(new IllegalStateException("task " + status.taskId() + " ended "
                    + status.state() + " before all tasks ran: " + status.reason()));
        }
    }

    public CompletableFuture<Void> allRunning() {
        return allRunning;
    }

    /** LOST updates received so far, before or after every task ran (none is expected). */
    public synchronized int lostCount() {
        return lost;
    }

    /** Only meaningful once {@link #allRunning()} completed. */
    synchronized long firstLaunchNanos() {
        long first = Long.MAX_VALUE;
        for (long t : launchedAt) {
            first = Math.min(first, t);
        }
        return first;
    }

    synchronized long lastRunningNanos() {
        long last = Long.MIN_VALUE;
        for (long t : runningAt) {
            last = Math.max(last, t);
        }
        return last;
    }

    /** Launch call to RUNNING of each task, in milliseconds. */
    synchronized List<Double> latenciesMs() {
        List<Double> out = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            out.add((runningAt[i] - launchedAt[i]) / 1e6);
        }
        return out;
    }

    private int fits(Resources free) {
        long byCpu = perTask.milliCpus() == 0 ? Long.MAX_VALUE : free.milliCpus() / perTask.milliCpus();
        long byMem = perTask.memMb() == 0 ? Long.MAX_VALUE : free.memMb() / perTask.memMb();
        return (int) Math.min(byCpu, byMem);
    }
}
