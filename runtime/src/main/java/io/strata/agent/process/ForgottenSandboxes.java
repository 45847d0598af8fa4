package io.strata.agent.process;

import io.strata.resources.TaskId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Sandboxes of forgotten tasks, the newest {@code kept}, so that their logs stay readable for a while. */
final class ForgottenSandboxes {

    private final Map<TaskId, Sandbox> byTask;

    ForgottenSandboxes(int kept) {
        this.byTask = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TaskId, Sandbox> eldest) {
                return size() > kept;
            }
        };
    }

    synchronized void put(TaskId id, Sandbox sandbox) {
        byTask.put(id, sandbox);
    }

    synchronized Optional<Sandbox> get(TaskId id) {
        return Optional.ofNullable(byTask.get(id));
    }
}
