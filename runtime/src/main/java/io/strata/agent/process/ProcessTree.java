package io.strata.agent.process;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processes that belong to one task: the wrapper (root), its descendants, every member of
 * its session (the wrapper is a session leader, so orphans that re-parented to init are still
 * found) and every process in its cgroup (which also catches those that called setsid).
 *
 * <p>When the root pid now belongs to another process (same pid, other start time), neither its
 * descendants nor its session are ours; only the cgroup is searched then.
 */
final class ProcessTree {

    private final long rootPid;
    private final Long rootStartTicks;
    private final TaskCgroup cgroup;

    /**
     * @param rootPid        the wrapper's pid, or 0 when unknown (then only the cgroup is searched)
     * @param rootStartTicks the root's start time in clock ticks since boot, or null if unknown
     * @param cgroup         the task's cgroup, or null when it has none
     */
    ProcessTree(long rootPid, Long rootStartTicks, TaskCgroup cgroup) {
        this.rootPid = rootPid;
        this.rootStartTicks = rootStartTicks;
        this.cgroup = cgroup;
    }

    boolean rootRunning() {
        return rootPid > 0 && ProcStat.isRunning(rootPid, rootStartTicks);
    }

    /** Live members now, by pid. Take it before signalling: children re-parent when a parent dies. */
    Map<Long, ProcessHandle> members() {
        Map<Long, ProcessHandle> out = new TreeMap<>();
        boolean recycled = ProcStat.read(rootPid)
                .map(s -> rootStartTicks != null && s.startTicks() != rootStartTicks)
                .orElse(false);
        if (rootPid > 0 && !recycled) {
            add(out, rootPid);
            ProcessHandle.of(rootPid).ifPresent(h -> h.descendants().forEach(d -> add(out, d.pid())));
            for (ProcStat s : ProcStat.all()) {
                if (s.session() == rootPid) {
                    add(out, s.pid());
                }
            }
        }
        if (cgroup != null) {
            cgroup.pids().forEach(pid -> add(out, pid));
        }
        out.remove(ProcessHandle.current().pid());
        return out;
    }

    /** SIGTERM ({@code force} false) or SIGKILL to each handle; a handle checks its start time first. */
    static void signal(Collection<ProcessHandle> handles, boolean force) {
        for (ProcessHandle h : handles) {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
    }

    /** Alive and not a zombie; {@link ProcessHandle#isAlive()} alone counts zombies as alive. */
    static boolean alive(ProcessHandle h) {
        return h.isAlive() && ProcStat.read(h.pid()).map(s -> !s.isZombie()).orElse(false);
    }

    private static void add(Map<Long, ProcessHandle> out, long pid) {
        if (out.containsKey(pid)) {
            return;
        }
        ProcessHandle.of(pid).filter(ProcessTree::alive).ifPresent(h -> out.put(pid, h));
    }
}
