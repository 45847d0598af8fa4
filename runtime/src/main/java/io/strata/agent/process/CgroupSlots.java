package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Task cgroups made ahead of launches: a few empty groups per agent, so that a launch only writes
 * its limits into one. Each is named {@code .slot-<agent key>-<instance>-<n>}: a task id never
 * becomes a name that starts with a dot, the agent key (from its id and work dir) keeps agents
 * that share a hierarchy apart, and the instance keeps this supervisor's own spares apart from
 * what an earlier one left.
 *
 * <p>A slot serves one task. When the task ends its group is removed, not recycled: the kernel
 * keeps a group's OOM-kill counter and memory peak, which would be charged to the next task. The
 * supervisor refills the spares off the launch path. After a restart, {@link #sweep} removes the
 * slots no checkpoint names, first killing what runs in them: a task started just before the agent
 * stopped, whose checkpoint (written once, after the start) was never written.
 */
final class CgroupSlots {

    private static final Logger log = LoggerFactory.getLogger(CgroupSlots.class);
    static final String PREFIX = ".slot-";
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(2);

    private final Cgroups cgroups;
    private final int spares;
    /** {@code .slot-<agent key>-}: every slot of this agent, from any supervisor instance. */
    private final String agentPrefix;
    /** {@code .slot-<agent key>-<instance>-}: the slots this supervisor made. */
    private final String ownPrefix;
    private final AtomicLong next = new AtomicLong();
    private final Deque<TaskCgroup> ready = new ArrayDeque<>();

    CgroupSlots(Cgroups cgroups, AgentId agentId, Path workDir, int spares) {
        this(cgroups, agentKey(agentId, workDir), Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)),
                spares);
    }

    CgroupSlots(Cgroups cgroups, String agentKey, String instance, int spares) {
        this.cgroups = cgroups;
        this.spares = spares;
        this.agentPrefix = PREFIX + agentKey + "-";
        this.ownPrefix = agentPrefix + instance + "-";
    }

    /** Eight hex digits from the agent's id and work dir: the same agent after a restart, another agent else. */
    static String agentKey(AgentId agentId, Path workDir) {
        int h = (agentId.value() + "\n" + workDir.toAbsolutePath().normalize()).hashCode();
        return String.format(Locale.ROOT, "%08x", h);
    }

    /**
     * A group with the task's limits: a spare if one is ready (else one made now); empty when
     * limits are unavailable. The caller refills with {@link #refill()} off the launch path.
     */
    Optional<TaskCgroup> take(Resources resources) throws IOException {
        TaskCgroup spare;
        synchronized (ready) {
            spare = ready.pollFirst();
        }
        if (spare != null) {
            try {
                cgroups.limit(spare, resources);
                return Optional.of(spare);
            } catch (IOException e) {
                // removed under us (e.g. by hand): a fresh one below
                CgroupFiles.removeQuietly(spare.dirs());
            }
        }
        Optional<TaskCgroup> fresh = make();
        if (fresh.isPresent()) {
            try {
                cgroups.limit(fresh.get(), resources);
            } catch (IOException e) {
                CgroupFiles.removeQuietly(fresh.get().dirs());
                throw e;
            }
        }
        return fresh;
    }

    /** Makes spares until the pool is full; a failure is logged and leaves launches to make their own. */
    void refill() {
        while (readyCount() < spares) {
            try {
                Optional<TaskCgroup> made = make();
                if (made.isEmpty()) {
                    return;
                }
                synchronized (ready) {
                    ready.addLast(made.get());
                }
            } catch (IOException e) {
                log.warn("cannot prepare a spare task cgroup error=\"{}\"", e.getMessage());
                return;
            }
        }
    }

    int readyCount() {
        synchronized (ready) {
            return ready.size();
        }
    }

    /** Removes the spares (at close: the next supervisor makes its own). */
    void discard() {
        List<TaskCgroup> spare;
        synchronized (ready) {
            spare = new ArrayList<>(ready);
            ready.clear();
        }
        spare.forEach(g -> CgroupFiles.removeQuietly(g.dirs()));
    }

    /**
     * After a restart: every slot of this agent that no checkpoint names (by its first directory)
     * and this supervisor did not make has its processes killed and is removed. Returns how many.
     */
    int sweep(Set<String> named, BooleanSupplier closed) {
        int swept = 0;
        for (TaskCgroup g : cgroups.existing(agentPrefix)) {
            String first = g.paths().get(0);
            if (named.contains(first) || g.dirs().get(0).getFileName().toString().startsWith(ownPrefix)) {
                continue;
            }
            Set<Long> members = g.pids();
            members.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (!members.isEmpty()) {
                log.warn("killed processes of a task the agent has no checkpoint of cgroup={} pids={}", first, members);
            }
            remove(null, g, closed);
            swept++;
        }
        if (swept > 0) {
            log.info("task cgroups no checkpoint names removed count={}", swept);
        }
        return swept;
    }

    /** Removes a task's group, retrying briefly: the kernel lets go of exited processes asynchronously. */
    static void remove(TaskId id, TaskCgroup cgroup, BooleanSupplier closed) {
        if (cgroup == null) {
            return;
        }
        long deadline = System.nanoTime() + REMOVAL_WAIT.toNanos();
        while (true) {
            try {
                cgroup.remove();
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline >= 0 || closed.getAsBoolean()) {
                    log.warn("cgroup not removed task={} error=\"{}\"", id == null ? "none" : id, e.getMessage());
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private Optional<TaskCgroup> make() throws IOException {
        return cgroups.createEmpty(ownPrefix + next.incrementAndGet());
    }
}
