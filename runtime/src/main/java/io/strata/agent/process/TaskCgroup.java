package io.strata.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One task's cgroup directories: on cgroup v1 one per controller (memory first, then cpu), on
 * cgroup v2 a single one. The task's wrapper joins them by writing its pid to each
 * {@code cgroup.procs} before it starts the command, so every process of the task is inside.
 */
record TaskCgroup(List<Path> dirs) {

    private static final String PROCS = "cgroup.procs";

    TaskCgroup {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("a task cgroup needs at least one directory");
        }
        dirs = List.copyOf(dirs);
    }

    static TaskCgroup of(List<String> paths) {
        return new TaskCgroup(paths.stream().map(Path::of).toList());
    }

    List<String> paths() {
        return dirs.stream().map(Path::toString).toList();
    }

    List<Path> procsFiles() {
        return dirs.stream().map(d -> d.resolve(PROCS)).toList();
    }

    /** Pids in any of the directories; empty once they are removed. */
    Set<Long> pids() {
        Set<Long> out = new TreeSet<>();
        for (Path procs : procsFiles()) {
            try {
                for (String line : Files.readAllLines(procs)) {
                    if (!line.isBlank()) {
                        out.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // a removed or unreadable group has no members we can signal
            }
        }
        return out;
    }

    /**
     * True when the kernel OOM killer killed a process of this group. Both versions keep an
     * {@code oom_kill N} line: v2 in memory.events, v1 in memory.oom_control (kernels since 4.13).
     */
    boolean oomKilled() {
        Path memory = dirs.get(0);
        for (String file : List.of("memory.events", "memory.oom_control")) {
            try {
                for (String line : Files.readAllLines(memory.resolve(file))) {
                    String[] kv = line.trim().split("\\s+");
                    if (kv.length == 2 && kv[0].equals("oom_kill") && Long.parseLong(kv[1]) > 0) {
                        return true;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // this version keeps the counter in the other file
            }
        }
        return false;
    }

    /** Removes the directories (they must be empty of processes); missing ones are fine. */
    void remove() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                failures.add(dir + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("cannot remove cgroup " + String.join(", ", failures));
        }
    }

    @Override
    public String toString() {
        return String.join(",", paths());
    }
}
