package io.strata.agent.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: what we need to tell a live process from a zombie or a
 * recycled pid, and to find the members of a session. Zombies count as dead: nothing reaps
 * orphans on some hosts (a container's init that never calls wait), and they can no longer run.
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {

    private static final Path PROC = Path.of("/proc");

    boolean isZombie() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.ofNullable(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when {@code pid} runs, is not a zombie and (if given) started at {@code startTicks}. */
    static boolean isRunning(long pid, Long startTicks) {
        return read(pid).filter(s -> !s.isZombie())
                .filter(s -> startTicks == null || s.startTicks == startTicks)
                .isPresent();
    }

    /** Every process on the host whose stat can be read. */
    static List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcStat::isPidDir)) {
            for (Path dir : dirs) {
                read(Long.parseLong(dir.getFileName().toString())).ifPresent(out::add);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Parses a stat line; the command name may hold spaces and parentheses, so split after the last ')'. */
    static ProcStat parse(long pid, String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state), so field N sits at f[N - 3].
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[19]));
    }

    private static boolean isPidDir(Path p) {
        String name = p.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
