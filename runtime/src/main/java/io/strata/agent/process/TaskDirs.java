package io.strata.agent.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Who may enter a task's directories when tasks run as another user than the agent. Each sandbox
 * and each persistent volume has a group of its own (a numeric gid from a range no account uses):
 * the directory is owned by root with that group and mode {@code 2770}, and only the task it
 * belongs to holds the group. So a task cannot enter another task's sandbox or volume even when
 * both run as the same user. The gid is the directory's group, so it needs no other record and
 * stays the same across agent restarts; new files inherit it through the set-group-id bit.
 */
final class TaskDirs {

    private static final Logger log = LoggerFactory.getLogger(TaskDirs.class);
    /** Gids of sandboxes and volumes: above the ranges systemd and useradd hand out. */
    static final int FIRST_GID = 1_900_000_000;
    static final int GID_COUNT = 200_000_000;
    /** A volume: the group may do everything, others nothing; new files inherit the group. */
    static final int VOLUME_MODE = 02770;
    /**
     * A sandbox: as a volume, plus the sticky bit, so the task cannot delete or replace the files
     * root keeps there ({@code stdout}, {@code stderr}, {@code .exit}), e.g. with a symlink that
     * would make the agent read or write another file.
     */
    static final int SANDBOX_MODE = 03770;
    private static final int SEARCH_BY_OTHERS = 01;

    private TaskDirs() {
    }

    static boolean isTaskGroup(int gid) {
        return gid >= FIRST_GID && gid - FIRST_GID < GID_COUNT;
    }

    static IntSupplier randomGids() {
        return () -> FIRST_GID + ThreadLocalRandom.current().nextInt(GID_COUNT);
    }

    /**
     * Makes {@code dir} private to {@code user} and its own group: root:group {@code dirMode}, and
     * everything inside owned by the user and the group (what an older agent wrote as root, or a
     * task that ran as another user, becomes the user's). Keeps the group the directory already
     * has; otherwise takes a new one. Returns the group.
     */
    static int claim(Path dir, UnixUser user, IntSupplier newGid, int dirMode) throws IOException {
        int current = gid(dir);
        int group = isTaskGroup(current) ? current : newGid.getAsInt();
        int changed = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                if (uid(p) != user.uid() || gid(p) != group) {
                    Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", group, LinkOption.NOFOLLOW_LINKS);
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setAttribute(p, "unix:mode", mode(p) | 02070);
                    }
                    changed++;
                }
            }
        }
        if (uid(dir) != 0 || current != group) {
            Files.setAttribute(dir, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", group, LinkOption.NOFOLLOW_LINKS);
        }
        if ((mode(dir) & 07777) != dirMode) {
            Files.setAttribute(dir, "unix:mode", dirMode);
        }
        if (changed > 0) {
            log.info("directory given to task user dir={} user={} group={} entries={}", dir, user.name(), group, changed);
        }
        return group;
    }

    /** Files the agent writes into a claimed directory belong to the task's user and the directory's group. */
    static void giveTo(Path p, UnixUser user, int group) throws IOException {
        Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", group, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Lets {@code user} reach each of {@code paths}: every directory from the root down to it
     * (and the path itself, if a directory) that the user may not search gets search permission
     * for others ({@code o+x}) — never read permission, so names inside stay unlisted. An agent
     * whose work dir or installation lies under a private directory (/root, a test's temporary
     * folder) would otherwise start tasks that cannot reach their own sandbox or the server jars.
     */
    static void makeReachable(List<Path> paths, UnixUser user) {
        for (Path path : paths) {
            Path abs = path.toAbsolutePath().normalize();
            Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
            if (dir == null || !Files.exists(dir)) {
                continue;
            }
            for (int i = 0; i <= dir.getNameCount(); i++) {
                Path d = i == 0 ? dir.getRoot() : dir.getRoot().resolve(dir.subpath(0, i));
                try {
                    int mode = mode(d);
                    if (!canSearch(mode, uid(d), gid(d), user)) {
                        Files.setAttribute(d, "unix:mode", (mode & 07777) | SEARCH_BY_OTHERS);
                        log.info("directory made searchable for tasks dir={} user={} mode={}", d, user.name(),
                                Integer.toOctalString((mode & 07777) | SEARCH_BY_OTHERS));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    log.warn("cannot make directory searchable for tasks dir={} user={} error=\"{}\"", d, user.name(),
                            e.getMessage());
                }
            }
        }
    }

    /**
     * Readies an agent's work dir for tasks run as {@code user}: its sandboxes, volumes and this
     * JVM's installation (its Java, its class path) reachable, its checkpoints (which hold the
     * tasks' environments) private to the agent.
     */
    static void prepareWorkDir(Path workDir, UnixUser user) {
        try {
            Files.createDirectories(workDir.resolve("sandboxes"));
            Path meta = Files.createDirectories(workDir.resolve("meta"));
            Files.setAttribute(meta, "unix:mode", 0700);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare work dir " + workDir + " for tasks run as " + user.name(), e);
        }
        List<Path> reach = new ArrayList<>(List.of(workDir.resolve("sandboxes"), workDir.resolve("volumes"),
                Path.of(System.getProperty("java.home"))));
        reach.addAll(ClassPathEntries.ofThisJvm());
        makeReachable(reach, user);
    }

    static boolean canSearch(int mode, int ownerUid, int ownerGid, UnixUser user) {
        if (ownerUid == user.uid()) {
            return (mode & 0100) != 0;
        }
        if (ownerGid == user.gid()) {
            return (mode & 010) != 0;
        }
        return (mode & 01) != 0;
    }

    static int gid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}
