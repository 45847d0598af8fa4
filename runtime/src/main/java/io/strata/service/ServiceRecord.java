package io.strata.service;

import io.strata.protocol.StrataMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service as saved: its type, name, config, pods, and whether it is being deleted. */
public record ServiceRecord(String type, String name, Map<String, String> config, List<PodRecord> pods,
                            boolean deleting, boolean deployedOnce) implements StrataMessage {
    public ServiceRecord {
        config = Map.copyOf(config);
        pods = List.copyOf(pods);
    }

    String frameworkId() {
        return type + "-" + name;
    }

    PodRecord pod(String podId) {
        return pods.stream().filter(p -> p.id().equals(podId)).findFirst().orElse(null);
    }

    PodRecord podOfTask(String taskId) {
        return pods.stream().filter(p -> taskId.equals(p.taskId())).findFirst().orElse(null);
    }

    boolean allIn(PodState state) {
        return pods.stream().allMatch(p -> p.state() == state);
    }

    ServiceRecord withPod(PodRecord pod) {
        List<PodRecord> next = new ArrayList<>(pods);
        next.replaceAll(p -> p.id().equals(pod.id()) ? pod : p);
        return new ServiceRecord(type, name, config, next, deleting, deployedOnce);
    }

    ServiceRecord withConfig(Map<String, String> newConfig, List<PodRecord> newPods) {
        return new ServiceRecord(type, name, newConfig, newPods, deleting, deployedOnce);
    }

    ServiceRecord markedDeleting() {
        return new ServiceRecord(type, name, config, pods, true, deployedOnce);
    }

    ServiceRecord markedDeployed() {
        return new ServiceRecord(type, name, config, pods, deleting, true);
    }

    /** Nothing left to save: every pod is gone and the record is about to be forgotten. */
    boolean fullyDeleted() {
        return deleting && allIn(PodState.DELETED);
    }
}
