package io.strata.artifacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where an artifact must be copied before its upload is accepted: a majority of the master nodes
 * the directory knows (this node counted even before it has registered). Master nodes already
 * holding it count; holders that are no longer master nodes do not.
 *
 * @param masters    every master node's API URL, this node first
 * @param needed     how many master nodes must hold the artifact
 * @param holding    master nodes that hold it already, this node first
 * @param candidates master nodes to copy it to, in the order to try them
 */
public record ReplicaPlan(List<String> masters, int needed, List<String> holding, List<String> candidates) {

    /** A strict majority of {@code masters} nodes: 1 of 1, 2 of 2, 2 of 3, 3 of 4, 3 of 5. */
    public static int majority(int masters) {
        if (masters < 1) {
            throw new IllegalArgumentException("a cluster has at least one master node, not " + masters);
        }
        return masters / 2 + 1;
    }

    public static ReplicaPlan of(String self, Collection<String> masters, Collection<String> holders) {
        Set<String> all = new LinkedHashSet<>();
        all.add(self);
        all.addAll(masters);
        List<String> holding = new ArrayList<>();
        holding.add(self);
        List<String> candidates = new ArrayList<>();
        for (String m : all) {
            if (m.equals(self)) {
                continue;
            }
            if (holders.contains(m)) {
                holding.add(m);
            } else {
                candidates.add(m);
            }
        }
        return new ReplicaPlan(List.copyOf(all), majority(all.size()), List.copyOf(holding), List.copyOf(candidates));
    }

    /** How many more master nodes must take a copy. */
    public int missing() {
        return Math.max(0, needed - holding.size());
    }
}
