package io.strata.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** What tests of frameworks check about the processes and resources of their tasks, through the API. */
public final class ProcessChecks {

    private ProcessChecks() {
    }

    /** The JVM of a task: the task's process itself, or the first java below its wrapper shell. */
    public static long javaPid(StrataApi api, String taskId) {
        for (JsonNode t : api.get("/api/v1/tasks").body()) {
            if (t.path("id").asText().equals(taskId)) {
                ProcessHandle root = ProcessHandle.of(t.path("pid").asLong()).orElseThrow();
                if (root.info().command().orElse("").endsWith("java")) {
                    return root.pid();
                }
                return root.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                        .findFirst().orElseThrow().pid();
            }
        }
        throw new AssertionError("no task " + taskId);
    }

    /**
     * Adds the pids of every running task of the framework (null: of every framework), and their
     * descendants, to {@code pids}.
     */
    public static void rememberPids(StrataApi api, String framework, Set<Long> pids) {
        for (JsonNode t : api.get("/api/v1/tasks").body()) {
            if ((framework == null || t.path("framework").asText().equals(framework)) && t.path("pid").isNumber()) {
                ProcessHandle.of(t.path("pid").asLong()).ifPresent(p -> {
                    pids.add(p.pid());
                    p.descendants().forEach(d -> pids.add(d.pid()));
                });
            }
        }
    }

    /** Alive and not a zombie (ProcessHandle.isAlive counts zombies, which this machine's init leaves). */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return false;
        }
    }

    /** True when no agent has cpus, memory or disk in use. */
    public static boolean allResourcesFree(StrataApi api) {
        for (JsonNode a : api.get("/api/v1/state").body().path("agents")) {
            JsonNode used = a.path("used");
            if (used.path("cpus").asDouble() != 0 || used.path("memMb").asLong() != 0 || used.path("diskMb").asLong() != 0) {
                return false;
            }
        }
        return true;
    }
}
