package io.strata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The processes a harness's tasks ran, remembered by pid with their descendants while they run,
 * so that a teardown can check none is left and kill, by pid, any that is.
 */
public final class TaskPids {

    private final Set<Long> pids = new HashSet<>();

    /** Remembers the process and its descendants now; returns the pids it added. */
    public synchronized Set<Long> remember(long pid) {
        Set<Long> its = new HashSet<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            its.add(p.pid());
            p.descendants().forEach(d -> its.add(d.pid()));
        });
        pids.addAll(its);
        return its;
    }

    /** Remembers the process of every task (JSON as {@code GET /api/v1/tasks} lists them) that has a pid. */
    public void rememberTasks(Iterable<com.fasterxml.jackson.databind.JsonNode> tasks) {
        for (com.fasterxml.jackson.databind.JsonNode t : tasks) {
            if (t.path("pid").isNumber()) {
                remember(t.path("pid").asLong());
            }
        }
    }

    public synchronized int count() {
        return pids.size();
    }

    /** How many remembered processes still run (zombies, which this machine's init leaves, do not count). */
    public synchronized long alive() {
        return pids.stream().filter(TaskPids::isAlive).count();
    }

    /** Whether the process runs: it exists and is not a zombie. */
    public static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return false;
        }
    }

    /** Kills, by pid, every remembered process still running. */
    public synchronized void killRemaining() {
        pids.stream().filter(TaskPids::isAlive)
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
}
