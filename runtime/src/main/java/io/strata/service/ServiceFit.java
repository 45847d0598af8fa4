package io.strata.service;

import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;

import java.util.List;
import java.util.Optional;

/** Whether a service can ever fit the cluster as it is: enough agents large enough for its pods. */
public final class ServiceFit {

    private ServiceFit() {
    }

    /** A sentence saying what is missing, or empty when every pod type has enough large agents. */
    public static Optional<String> neverFits(String service, List<PodTemplate> pods, ClusterState state) {
        for (PodTemplate t : pods) {
            if (t.count() == 0) {
                continue;
            }
            Resources want = t.demand(true);
            long eligible = state.agents().stream()
                    .filter(a -> a.total().containsScalars(want) && a.total().ports().count() >= t.portNames().size())
                    .filter(a -> t.requiredAttributes().entrySet().stream()
                            .allMatch(e -> e.getValue().equals(a.attributes().get(e.getKey()))))
                    .count();
            long capacity = eligible * t.maxPerAgent();
            if (capacity < t.count()) {
                String each = want.cpus() + " cpus, " + want.memMb() + " MB mem, " + want.diskMb() + " MB disk and "
                        + t.portNames().size() + " ports";
                String spread = t.maxPerAgent() == 1 ? ", one per agent," : "";
                return Optional.of(service + " needs " + t.count() + " " + t.type() + " pods of " + each + spread
                        + " but only " + eligible + " of the cluster's " + state.agents().size()
                        + " agents are that large" + largest(state));
            }
        }
        return Optional.empty();
    }

    private static String largest(ClusterState state) {
        return state.agents().stream()
                .max((a, b) -> Long.compare(a.total().milliCpus(), b.total().milliCpus()))
                .map(a -> " (largest: " + a.id() + " with " + a.total().cpus() + " cpus, " + a.total().memMb()
                        + " MB mem, " + a.total().diskMb() + " MB disk)")
                .orElse(" (no agent is registered)");
    }
}
