package io.strata.master;

import io.strata.allocator.AllocatorConfig;
import io.strata.allocator.DrfAllocator;
import io.strata.allocator.SteppedClock;
import io.strata.master.TaskBook.TaskEntry;
import io.strata.protocol.GroupQuota;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the master core knows, shared by its deciding parts. Entries are immutable and
 * replaced on change; the allocator is mutable by design and reads time from {@link #clock}, which
 * shows the time of the input being handled.
 */
final class MasterBooks {

    record AgentEntry(AgentId id, String host, Resources total, Map<String, String> attributes,
                      String connection, long lastSeenMillis) {

        AgentEntry seen(String newConnection, long now) {
            return new AgentEntry(id, host, total, attributes, newConnection, now);
        }
    }

    /** {@code deactivatedAtMillis} counts only while {@code active} is false. */
    record FrameworkEntry(FrameworkId id, String name, String role, String connection, long lastSeenMillis,
                          boolean active, long deactivatedAtMillis) {

        FrameworkEntry seen(String newName, long now) {
            return new FrameworkEntry(id, newName, role, connection, now, active, deactivatedAtMillis);
        }

        FrameworkEntry reconnected(String newConnection) {
            return new FrameworkEntry(id, name, role, newConnection, lastSeenMillis, true, deactivatedAtMillis);
        }

        FrameworkEntry deactivated(long now) {
            return new FrameworkEntry(id, name, role, connection, lastSeenMillis, false, now);
        }
    }

    final MasterSettings settings;
    final String epoch;
    final long startedAtMillis;
    /** The allocator's clock: the time of the input being handled, never the wall clock. */
    final SteppedClock clock = new SteppedClock();
    final DrfAllocator allocator;
    /** Sorted, so timeouts are handled in the same order every time. */
    final Map<AgentId, AgentEntry> agents = new TreeMap<>();
    /** In registration order, the order frameworks hear of a lost agent. */
    final Map<FrameworkId, FrameworkEntry> frameworks = new LinkedHashMap<>();
    final TaskBook tasks = new TaskBook();
    /** Each registered agent's launch numbers. */
    final Map<AgentId, LaunchLedger> launches = new HashMap<>();
    final VolumeBook volumes = new VolumeBook();
    /** Explicit reconciliations of tasks unknown during the re-registration grace, answered after it. */
    final Map<FrameworkId, Set<TaskId>> deferredReconciles = new LinkedHashMap<>();
    final AllocationCounters counters = new AllocationCounters();
    /** The groups' quotas applied to the allocator, by name. */
    final Map<String, GroupQuota> groups = new TreeMap<>();
    /** An operator set the groups since this master took over, so the stored ones are older. */
    boolean groupsSetByOperator;
    /** An allocation round was asked for and has not run yet. */
    boolean allocationQueued;

    MasterBooks(MasterSettings settings, String epoch, long startedAtMillis) {
        this.settings = settings;
        this.epoch = epoch;
        this.startedAtMillis = startedAtMillis;
        clock.set(startedAtMillis);
        this.allocator = new DrfAllocator(clock, new AllocatorConfig(settings.offerTimeout(),
                settings.defaultRefuse(), AllocatorConfig.defaults(epoch).minOffer(), epoch));
    }

    /** The agent's launch numbers; a ledger starting at 0 if it has none (it registered before). */
    LaunchLedger launchesTo(AgentId agent) {
        return launches.computeIfAbsent(agent, a -> new LaunchLedger(0));
    }

    long killGraceMillis() {
        return settings.killGrace().toMillis();
    }

    /** Adds or replaces an active task, keeping the volume book's users in step. */
    void activate(TaskEntry t) {
        TaskEntry old = tasks.putActive(t);
        if (old != null && old.spec().volume() != null) {
            volumes.release(old.spec().volume().id(), old.id());
        }
        if (t.spec().volume() != null) {
            volumes.use(t.spec().volume().id(), t.id());
        }
    }

    /** Ends an active task with its terminal status; its volume is free for another task. */
    void end(TaskEntry ended) {
        tasks.complete(ended);
        if (ended.spec().volume() != null) {
            volumes.release(ended.spec().volume().id(), ended.id());
        }
    }
}
