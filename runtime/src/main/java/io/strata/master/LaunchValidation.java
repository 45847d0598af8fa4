package io.strata.master;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a framework's launch before any resource changes hands. */
final class LaunchValidation {

    private LaunchValidation() {
    }

    /** A readable problem with the launch, or null when it is valid. */
    static String check(List<TaskSpec> launches, Set<TaskId> activeIds) {
        if (launches.isEmpty()) {
            return "an accept must launch at least one task";
        }
        Set<TaskId> seen = new HashSet<>();
        long portCount = 0;
        Resources ports = Resources.EMPTY;
        for (TaskSpec t : launches) {
            if (!seen.add(t.taskId())) {
                return "task id '" + t.taskId() + "' appears twice in one launch";
            }
            if (activeIds.contains(t.taskId())) {
                return "task id '" + t.taskId() + "' is already in use by a running task";
            }
            if (t.resources().milliCpus() == 0 && t.resources().memMb() == 0) {
                return "task '" + t.taskId() + "' asks for no cpus and no memory";
            }
            portCount += t.resources().ports().count();
            ports = ports.withPorts(ports.ports().plus(t.resources().ports()));
        }
        if (ports.ports().count() != portCount) {
            return "two tasks of one launch ask for the same port";
        }
        return null;
    }

    static Resources sum(List<TaskSpec> launches) {
        Resources sum = Resources.EMPTY;
        for (TaskSpec t : launches) {
            sum = sum.plus(t.resources());
        }
        return sum;
    }
}
