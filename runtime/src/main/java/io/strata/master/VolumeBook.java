package io.strata.master;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Persistent volumes beside the allocator's offers: where each lives and for whom, which active
 * tasks use it, and which are to be destroyed as soon as no task does.
 */
final class VolumeBook {

    /** A persistent volume: its disk stays allocated to its framework on its agent until destroyed. */
    record VolumeEntry(String id, AgentId agentId, FrameworkId frameworkId, long sizeMb) {

        Resources disk() {
            return Resources.of(0, 0, sizeMb);
        }
    }

    private final Map<String, VolumeEntry> volumes = new LinkedHashMap<>();
    /** Active tasks by the volume they use; a volume may be named before it is created. */
    private final Map<String, Set<TaskId>> users = new HashMap<>();
    private final Set<String> pendingDestroys = new HashSet<>();

    VolumeEntry get(String id) {
        return volumes.get(id);
    }

    void put(VolumeEntry v) {
        volumes.put(v.id(), v);
    }

    void remove(String id) {
        volumes.remove(id);
    }

    Collection<VolumeEntry> all() {
        return Collections.unmodifiableCollection(volumes.values());
    }

    List<VolumeEntry> of(FrameworkId fw) {
        List<VolumeEntry> out = new ArrayList<>();
        for (VolumeEntry v : volumes.values()) {
            if (v.frameworkId().equals(fw)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Forgets the volumes of a lost agent; a new registration of the agent reports them again. */
    void forgetOn(AgentId agent) {
        volumes.values().removeIf(v -> v.agentId().equals(agent));
    }

    boolean inUse(String volumeId) {
        return users.containsKey(volumeId);
    }

    void use(String volumeId, TaskId task) {
        users.computeIfAbsent(volumeId, k -> new HashSet<>()).add(task);
    }

    void release(String volumeId, TaskId task) {
        Set<TaskId> tasks = users.get(volumeId);
        if (tasks != null && tasks.remove(task) && tasks.isEmpty()) {
            users.remove(volumeId);
        }
    }

    boolean destroyPending(String volumeId) {
        return pendingDestroys.contains(volumeId);
    }

    void awaitDestroy(String volumeId) {
        pendingDestroys.add(volumeId);
    }

    void clearDestroy(String volumeId) {
        pendingDestroys.remove(volumeId);
    }
}
