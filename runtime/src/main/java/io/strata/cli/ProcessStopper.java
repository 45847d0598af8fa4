package io.strata.cli;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a Strata process: SIGTERM, a grace period, then SIGKILL; and any process it leaves behind. */
final class ProcessStopper {

    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final long WATCH_MILLIS = 100;

    private ProcessStopper() {
    }

    /** Returns true if the process exited within the grace period, false if it had to be killed. */
    static boolean stop(ProcessHandle process, Duration grace) {
        // Tasks are the process's descendants, re-parented once it exits; the set is refreshed while
        // it stops, because a task can still be launched while others are being killed.
        Set<ProcessHandle> family = new LinkedHashSet<>();
        process.descendants().forEach(family::add);
        process.destroy();
        boolean exited = awaitExit(process, grace, family);
        if (!exited) {
            process.destroyForcibly();
            awaitExit(process, AFTER_KILL, family);
        }
        for (ProcessHandle leftover : family) {
            if (leftover.isAlive()) {
                leftover.destroyForcibly();
            }
        }
        return exited;
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout, Set<ProcessHandle> family) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                process.onExit().get(WATCH_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException stillRunning) {
                process.descendants().forEach(family::add);
            } catch (ExecutionException e) {
                return !process.isAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return !process.isAlive();
    }
}
